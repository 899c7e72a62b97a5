import { randomBytes } from 'node:crypto';

/**
 * Archive file names sort by time: `sagas-<UTC yyyymmddThhmmssmmmZ>-<sequence>-<random>.jsonl.gz`.
 * The sequence orders the files one process writes in the same millisecond, the random part
 * keeps two replicas apart. A file being written has a name no reader takes: a leading dot and
 * `.tmp` (it is renamed once complete and durable).
 */
const ArchiveFileName = /^sagas-\d{8}T\d{9}Z-\d{6}-[0-9a-f]{8}\.jsonl\.gz$/;

export function isArchiveFileName(name: string): boolean {
  return ArchiveFileName.test(name);
}

let sequence = 0;

/** A new file's name, for a file begun at `now`. */
export function nextArchiveFileName(now: Date): string {
  sequence = (sequence + 1) % 1_000_000;
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `sagas-${stamp}-${String(sequence).padStart(6, '0')}-${randomBytes(4).toString('hex')}.jsonl.gz`;
}

/** Where the file named `name` is written before it is complete. */
export function temporaryNameOf(name: string): string {
  return `.${name}.tmp`;
}
