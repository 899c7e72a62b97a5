import { InvalidCursorError } from '../errors/invalid-cursor.error.js';
import type { SagaListPosition } from '../../runtime/ports/saga-store.port.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** What PostgreSQL prints for `created_at` in UTC with microseconds. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * True for a `TIMESTAMP` that names a real instant PostgreSQL can read: no 2026-02-30, no hour 24
 * or minute 60 (Date.parse rolls those over), no year 0000 (PostgreSQL has none).
 */
function isRealUtcTimestamp(text: string): boolean {
  if (!TIMESTAMP.test(text) || text.startsWith('0000-')) return false;
  const millis = Date.parse(text);
  // Date.parse rolls impossible fields over into the next day or month: the round trip shows it.
  return !Number.isNaN(millis) && new Date(millis).toISOString().slice(0, 23) === text.slice(0, 23);
}

/** The opaque `nextCursor`: base64url of `[createdAt, id]`. */
export function encodeSagaListCursor(position: SagaListPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id]), 'utf8').toString('base64url');
}

/** @throws InvalidCursorError for anything `encodeSagaListCursor` did not produce. */
export function decodeSagaListCursor(cursor: string): SagaListPosition {
  if (cursor.length === 0 || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError();
  const [createdAt, id] = parsed as unknown[];
  if (typeof createdAt !== 'string' || !isRealUtcTimestamp(createdAt)) throw new InvalidCursorError();
  if (typeof id !== 'string' || !UUID.test(id)) throw new InvalidCursorError();
  return { createdAt, id };
}
