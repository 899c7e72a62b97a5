import { once } from 'node:events';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { temporaryNameOf } from './archive-file-name.js';

/** Writes the compressed bytes to the open file and counts them (what ARCHIVE_FILE_MAX_BYTES measures). */
class CountingFileSink extends Writable {
  bytes = 0;
  constructor(private readonly handle: FileHandle) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    writeAll(this.handle, chunk).then(() => {
      this.bytes += chunk.length;
      done();
    }, done);
  }
}

async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
  for (let offset = 0; offset < chunk.length;) offset += (await handle.write(chunk, offset)).bytesWritten;
}

/**
 * One archive file being written: gzip into a temporary name, then `commit` flushes it, fsyncs
 * the file, renames it to its final name and fsyncs the directory. Until the rename a reader sees
 * nothing; after `commit` resolves the file survives a crash. A crash before leaves only the
 * temporary file, which readers ignore.
 */
export class ArchiveFileWriter {
  private constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly handle: FileHandle,
    private readonly gzip: Gzip,
    private readonly sink: CountingFileSink,
    private readonly written: Promise<void>,
  ) {}

  static async begin(dir: string, name: string): Promise<ArchiveFileWriter> {
    const handle = await open(join(dir, temporaryNameOf(name)), 'wx', 0o640);
    const gzip = createGzip();
    const sink = new CountingFileSink(handle);
    const written = pipeline(gzip, sink);
    written.catch(() => undefined); // observed in commit / abandon
    return new ArchiveFileWriter(dir, name, handle, gzip, sink, written);
  }

  /** Compressed bytes written so far (the compressor may still hold some). */
  get compressedBytes(): number {
    return this.sink.bytes;
  }

  async write(line: Buffer): Promise<void> {
    if (!this.gzip.write(line)) await Promise.race([once(this.gzip, 'drain'), this.written]);
  }

  /** Makes the file complete and durable under its final name; returns that name. */
  async commit(): Promise<string> {
    this.gzip.end();
    await this.written;
    await this.handle.sync();
    await this.handle.close();
    await rename(join(this.dir, temporaryNameOf(this.name)), join(this.dir, this.name));
    await syncDirectory(this.dir);
    return this.name;
  }

  /** Gives the file up (a saga of the batch could not be read): the temporary file is removed. */
  async abandon(): Promise<void> {
    this.gzip.destroy();
    await this.written.catch(() => undefined);
    await this.handle.close().catch(() => undefined);
    await unlink(join(this.dir, temporaryNameOf(this.name))).catch(() => undefined);
  }
}

/** A rename is durable once the directory that holds the name is synced. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
