import { mkdir } from 'node:fs/promises';
import { SagaArchive } from '../orchestration/ports/saga-archive.port.js';
import { ARCHIVE_FORMAT_VERSION, encodeArchiveLine } from './archive-line.codec.js';
import { nextArchiveFileName } from './archive-file-name.js';
import { ArchiveFileWriter } from './archive-file.writer.js';
import type { ArchivedSagaSource } from './archived-saga.source.js';

/** The most saga ids one `archive` call takes (HOUSEKEEPING_BATCH_SIZE allows up to this many). */
export const MAX_ARCHIVE_BATCH = 5000;

export interface FileSagaArchiveOptions {
  /** ARCHIVE_DIR: created with the first file. */
  readonly dir: string;
  /** ARCHIVE_FILE_MAX_BYTES: a file reaching this compressed size is closed and the next begun. */
  readonly maxFileBytes: number;
  readonly now?: () => Date;
}

/**
 * Finished sagas as gzip-compressed JSON Lines files in a directory (docs/archive.md): one line
 * per saga, `{ formatVersion, archivedAt, saga, events }`, the saga and step log exactly as the API
 * answers them. Each batch goes to files of its own, each made durable (fsync, rename, fsync of the
 * directory) before `archive` resolves; a saga that is already gone is skipped. A batch that
 * fails part way leaves the files it completed: the caller archives it again, and readers keep
 * the last copy of a saga.
 */
export class FileSagaArchive extends SagaArchive {
  readonly enabled = true;
  private readonly now: () => Date;

  constructor(
    private readonly source: ArchivedSagaSource,
    private readonly options: FileSagaArchiveOptions,
  ) {
    super();
    this.now = options.now ?? (() => new Date());
  }

  async archive(sagaIds: readonly string[]): Promise<void> {
    if (sagaIds.length > MAX_ARCHIVE_BATCH) {
      throw new RangeError(`An archive batch takes at most ${MAX_ARCHIVE_BATCH} saga ids, not ${sagaIds.length}.`);
    }
    if (sagaIds.length === 0) return;
    let file: ArchiveFileWriter | undefined;
    try {
      // One saga in memory at a time: its line is compressed and written before the next is read.
      for (const sagaId of new Set(sagaIds)) {
        const loaded = await this.source.load(sagaId);
        if (loaded === null) continue;
        const line = encodeArchiveLine({ formatVersion: ARCHIVE_FORMAT_VERSION, archivedAt: this.now().toISOString(), ...loaded });
        if (file === undefined) {
          await mkdir(this.options.dir, { recursive: true });
          file = await ArchiveFileWriter.begin(this.options.dir, nextArchiveFileName(this.now()));
        }
        await file.write(line);
        if (file.compressedBytes >= this.options.maxFileBytes) {
          const full = file;
          file = undefined;
          await full.commit();
        }
      }
      if (file !== undefined) {
        const last = file;
        file = undefined;
        await last.commit();
      }
    } catch (error) {
      await file?.abandon();
      throw error;
    }
  }
}
