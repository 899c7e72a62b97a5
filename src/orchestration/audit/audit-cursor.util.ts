import { InvalidCursorError } from '../errors/invalid-cursor.error.js';

/** The largest `bigserial` value: a larger `seq` would fail the query's `::bigint` cast (a 500). */
const MAX_SEQ = 9_223_372_036_854_775_807n;

/** The opaque `nextCursor` of the audit listing: base64url of `a:<seq>`. */
export function encodeAuditCursor(seq: string): string {
  return Buffer.from(`a:${seq}`, 'utf8').toString('base64url');
}

/** The `seq` a cursor points after. @throws InvalidCursorError for anything `encodeAuditCursor` did not produce. */
export function decodeAuditCursor(cursor: string): string {
  if (cursor.length === 0 || cursor.length > 64 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
  const match = /^a:([1-9]\d{0,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || BigInt(match[1]!) > MAX_SEQ) throw new InvalidCursorError();
  return match[1]!;
}
