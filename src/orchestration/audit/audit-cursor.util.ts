import { InvalidCursorError } from '../errors/invalid-cursor.error.js';

/** The opaque `nextCursor` of the audit listing: base64url of `a:<seq>`. */
export function encodeAuditCursor(seq: string): string {
  return Buffer.from(`a:${seq}`, 'utf8').toString('base64url');
}

/** The `seq` a cursor points after. @throws InvalidCursorError for anything `encodeAuditCursor` did not produce. */
export function decodeAuditCursor(cursor: string): string {
  if (cursor.length === 0 || cursor.length > 64 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
  const match = /^a:([1-9]\d{0,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new InvalidCursorError();
  return match[1]!;
}
