/**
 * Just enough of the PostgreSQL wire protocol to recognise a COMMIT and its answer in a proxy:
 * a simple Query message ('Q', int32 length, "COMMIT\0") and a CommandComplete ('C', int32 length, tag).
 */
const Query = 0x51; // 'Q'
const CommandComplete = 0x43; // 'C'

/** True when the chunk a client sent is (starts with) a simple-protocol `COMMIT`. */
export function isCommitQuery(chunk: Buffer): boolean {
  return chunk.length >= 12 && chunk[0] === Query && chunk.subarray(5, 12).toString('latin1').toUpperCase() === 'COMMIT\0';
}

/** The tag of the CommandComplete the answer starts with ("COMMIT", or "ROLLBACK" for an aborted transaction), else undefined. */
export function commandTag(answer: Buffer): string | undefined {
  if (answer.length < 6 || answer[0] !== CommandComplete) return undefined;
  const end = answer.indexOf(0, 5);
  return end < 0 ? undefined : answer.subarray(5, end).toString('latin1');
}
