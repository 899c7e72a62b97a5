import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { MAX_ARCHIVE_LINE_BYTES, decodeArchiveLine, type ArchivedSaga } from './archive-line.codec.js';
import { isArchiveFileName } from './archive-file-name.js';

/** One archived saga and the file it came from. */
export interface ArchiveEntry {
  readonly file: string;
  readonly record: ArchivedSaga;
}

/** A file (or a line of one) that could not be read; reading goes on with the next. */
export interface ArchiveProblem {
  readonly file: string;
  readonly message: string;
}

/**
 * The complete lines of a gzip file, without their newlines. A line longer than `maxBytes` is an
 * error (a reader never holds more than one line); so is a damaged or cut-off file, after the
 * lines before the damage.
 */
export async function* gzipLines(path: string, maxBytes = MAX_ARCHIVE_LINE_BYTES): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // pipeline (not pipe): a read error ends the iteration with it instead of leaving it waiting.
  const gunzipped = pipeline(createReadStream(path), createGunzip(), () => undefined);
  for await (const chunk of gunzipped as AsyncIterable<Buffer>) {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10, start)) {
      const line = Buffer.concat([...pending, chunk.subarray(start, newline)]);
      if (line.length > maxBytes) throw new Error(`a line of ${line.length} bytes, more than ${maxBytes}`);
      yield line.toString('utf8');
      pending = [];
      pendingBytes = 0;
      start = newline + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxBytes) throw new Error(`a line longer than ${maxBytes} bytes`);
    }
  }
  // Lines end with a newline: bytes after the last one are not a complete line.
  if (pendingBytes > 0) throw new Error('the file ends inside a line');
}

/** The complete archive files of `dir`, oldest first (the names sort by time); temporary files are not. */
export async function archiveFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter(isArchiveFileName).sort();
}

/**
 * Every archived saga of `dir`, oldest file first and in file order. `mightMatch` sees each raw
 * line first: lines it refuses are not parsed (a search for an id skips the rest cheaply).
 * Damaged files and lines go to `onProblem` and are skipped.
 */
export async function* readArchive(
  dir: string,
  onProblem: (problem: ArchiveProblem) => void,
  mightMatch: (line: string) => boolean = () => true,
): AsyncGenerator<ArchiveEntry> {
  for (const file of await archiveFiles(dir)) {
    let lineNumber = 0;
    try {
      for await (const line of gzipLines(join(dir, file))) {
        lineNumber++;
        if (!mightMatch(line)) continue;
        try {
          yield { file, record: decodeArchiveLine(line) };
        } catch (error) {
          onProblem({ file, message: `line ${lineNumber}: ${messageOf(error)}` });
        }
      }
    } catch (error) {
      onProblem({ file, message: `after line ${lineNumber}: ${messageOf(error)}` });
    }
  }
}

/** The last copy of saga `sagaId` in `dir` (a saga archived twice, by a batch retried after a crash, reads as its newest copy). */
export async function findArchivedSaga(dir: string, sagaId: string, onProblem: (problem: ArchiveProblem) => void): Promise<ArchiveEntry | undefined> {
  const quoted = JSON.stringify(sagaId);
  let found: ArchiveEntry | undefined;
  for await (const entry of readArchive(dir, onProblem, (line) => line.includes(quoted))) {
    if (entry.record.saga.id === sagaId) found = entry;
  }
  return found;
}

/** What `archive list` filters on: the saga's definition and creation time (as `GET /v1/sagas` does). */
export interface ArchiveListFilter {
  readonly definition?: string;
  /** ISO 8601: created at or after. */
  readonly createdFrom?: string;
  /** ISO 8601: created before. */
  readonly createdTo?: string;
  /** At most this many sagas, the first archived first. */
  readonly limit: number;
}

/** One saga of `archive list`: what identifies it, and where its last copy is. */
export interface ArchivedSagaSummary {
  readonly id: string;
  readonly definition: string;
  readonly version: number;
  readonly status: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly archivedAt: string;
  readonly file: string;
}

/** The sagas that match, each in its last copy; memory holds at most `limit` summaries (never the step logs). */
export async function listArchivedSagas(
  dir: string,
  filter: ArchiveListFilter,
  onProblem: (problem: ArchiveProblem) => void,
): Promise<ArchivedSagaSummary[]> {
  const from = filter.createdFrom === undefined ? -Infinity : Date.parse(filter.createdFrom);
  const to = filter.createdTo === undefined ? Infinity : Date.parse(filter.createdTo);
  const found = new Map<string, ArchivedSagaSummary>();
  for await (const { file, record } of readArchive(dir, onProblem)) {
    const { id, definition, version, status, createdAt, updatedAt } = record.saga;
    const created = Date.parse(createdAt);
    if (filter.definition !== undefined && definition !== filter.definition) continue;
    if (!(created >= from && created < to)) continue;
    if (found.has(id) || found.size < filter.limit) {
      found.set(id, { id, definition, version, status, createdAt, updatedAt, archivedAt: record.archivedAt, file });
    }
  }
  return [...found.values()];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
