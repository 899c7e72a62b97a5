/**
 * Just enough of the PostgreSQL wire protocol to recognise a COMMIT and its answer in a proxy:
 * a simple Query message ('Q', int32 length, "COMMIT\0") and a CommandComplete ('C', int32 length, tag).
 * A client that pipelines sends the COMMIT behind other messages in the same chunk (the
 * coordinator's write, the participant SDK's fence record), and the answer to such a chunk
 * carries every statement's answer, so both are read message by message.
 */
const Query = 0x51; // 'Q'
const CommandComplete = 0x43; // 'C'

/** The messages of a chunk as [type, body], as far as the chunk holds whole ones. */
function* messages(chunk: Buffer): Generator<[number, Buffer]> {
  for (let at = 0; at + 5 <= chunk.length;) {
    const end = at + 1 + chunk.readInt32BE(at + 1);
    if (end > chunk.length || end < at + 5) return;
    yield [chunk[at]!, chunk.subarray(at + 5, end)];
    at = end;
  }
}

/** True when the chunk a client sent holds a simple-protocol `COMMIT` (alone or after pipelined statements). */
export function isCommitQuery(chunk: Buffer): boolean {
  for (const [type, body] of messages(chunk)) {
    if (type === Query && body.toString('latin1').toUpperCase() === 'COMMIT\0') return true;
  }
  return false;
}

/**
 * The tag of the last CommandComplete in the answer ("COMMIT", or "ROLLBACK" for an aborted
 * transaction, when the answer reaches that far), else undefined.
 */
export function commandTag(answer: Buffer): string | undefined {
  let tag: string | undefined;
  for (const [type, body] of messages(answer)) {
    if (type === CommandComplete) tag = body.subarray(0, Math.max(0, body.indexOf(0))).toString('latin1');
  }
  return tag;
}
