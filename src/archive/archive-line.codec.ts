import type { SagaView, StepLogEntryView } from '../orchestration/views/saga.view.js';

/** The line format this code writes; a reader refuses a line of another version rather than guess. */
export const ARCHIVE_FORMAT_VERSION = 1;

/**
 * The longest archive line (bytes, newline excluded) written or read: a saga line holds the saga
 * and its whole step log, and the reader holds one line in memory at a time.
 */
export const MAX_ARCHIVE_LINE_BYTES = 32 * 1024 * 1024;

/** One line of an archive file: the saga as `GET /v1/sagas/{id}` answered and its step log as `/events` did. */
export interface ArchivedSaga {
  readonly formatVersion: typeof ARCHIVE_FORMAT_VERSION;
  /** ISO 8601: when the line was written. */
  readonly archivedAt: string;
  readonly saga: SagaView;
  readonly events: StepLogEntryView[];
}

/** A line that is not an archived saga of a known format (a bad file, or one from a newer version). */
export class InvalidArchiveLineError extends Error {}

/** A saga whose line would be longer than {@link MAX_ARCHIVE_LINE_BYTES}: the batch is not archived. */
export class ArchiveLineTooLongError extends Error {
  constructor(
    readonly sagaId: string,
    readonly bytes: number,
  ) {
    super(`Saga ${sagaId} makes an archive line of ${bytes} bytes, more than the ${MAX_ARCHIVE_LINE_BYTES} an archive line may have.`);
  }
}

/** The line (newline included) for one saga. @throws ArchiveLineTooLongError */
export function encodeArchiveLine(record: ArchivedSaga): Buffer {
  const line = Buffer.from(
    JSON.stringify({ formatVersion: record.formatVersion, archivedAt: record.archivedAt, saga: record.saga, events: record.events }),
    'utf8',
  );
  if (line.length > MAX_ARCHIVE_LINE_BYTES) throw new ArchiveLineTooLongError(record.saga.id, line.length);
  return Buffer.concat([line, Buffer.from('\n')]);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses and checks one line (without its newline). @throws InvalidArchiveLineError saying what is wrong */
export function decodeArchiveLine(line: string): ArchivedSaga {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new InvalidArchiveLineError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(value)) throw new InvalidArchiveLineError('not a JSON object');
  if (value.formatVersion !== ARCHIVE_FORMAT_VERSION) {
    throw new InvalidArchiveLineError(
      `formatVersion ${JSON.stringify(value.formatVersion)} is not ${ARCHIVE_FORMAT_VERSION}, the only one this version reads`,
    );
  }
  if (typeof value.archivedAt !== 'string' || Number.isNaN(Date.parse(value.archivedAt))) {
    throw new InvalidArchiveLineError('archivedAt is not an ISO 8601 instant');
  }
  const saga = value.saga;
  if (!isObject(saga) || typeof saga.id !== 'string' || typeof saga.definition !== 'string' || typeof saga.createdAt !== 'string') {
    throw new InvalidArchiveLineError('saga is not a saga (id, definition and createdAt strings)');
  }
  if (!Array.isArray(value.events) || !value.events.every(isObject)) throw new InvalidArchiveLineError('events is not an array of step-log entries');
  return value as unknown as ArchivedSaga;
}
