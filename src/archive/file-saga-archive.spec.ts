import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SagaView, StepLogEntryView } from '../orchestration/views/saga.view.js';
import { findArchivedSaga, listArchivedSagas, readArchive, type ArchiveProblem } from './archive-file.reader.js';
import { temporaryNameOf } from './archive-file-name.js';
import { ArchivedSagaSource, type SagaWithEvents } from './archived-saga.source.js';
import { FileSagaArchive, MAX_ARCHIVE_BATCH } from './file-saga-archive.js';

/** Sagas held in memory in the saga service's place (the e2e test archives real ones). */
class SagasInMemory extends ArchivedSagaSource {
  readonly sagas = new Map<string, SagaWithEvents>();
  failOn: string | undefined;
  async load(sagaId: string): Promise<SagaWithEvents | null> {
    if (sagaId === this.failOn) throw new Error(`database gone while reading ${sagaId}`);
    return this.sagas.get(sagaId) ?? null;
  }
}

function sagaWithEvents(n: number, status = 'COMPLETED', payload = ''): SagaWithEvents {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const saga = {
    id,
    definition: n % 2 === 0 ? 'order' : 'refund',
    version: 1,
    status,
    input: { orderId: String(n), payload },
    output: null,
    createdAt: new Date(Date.UTC(2026, 11, 1, 0, n)).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 11, 1, 1, n)).toISOString(),
    parentSagaId: null,
    parentStep: null,
    steps: [],
  } as unknown as SagaView;
  const events = [{ seq: 1, type: 'SagaStarted', step: null, attempt: null, at: saga.createdAt, data: { definition: saga.definition, version: 1 } }];
  return { saga, events: events as StepLogEntryView[] };
}

describe('FileSagaArchive and its reader', () => {
  let dir: string;
  let source: SagasInMemory;
  let problems: ArchiveProblem[];
  const onProblem = (problem: ArchiveProblem) => problems.push(problem);
  const files = async () => (await readdir(dir)).sort();

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'saga-archive-')), 'archive');
    source = new SagasInMemory();
    for (let n = 1; n <= 6; n++) source.sagas.set(sagaWithEvents(n).saga.id, sagaWithEvents(n));
    problems = [];
  });

  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  const idOf = (n: number) => sagaWithEvents(n).saga.id;

  it('writes a batch as one gzip JSON Lines file (directory created), each saga read back as it was loaded', async () => {
    const archive = new FileSagaArchive(source, { dir, maxFileBytes: 1_000_000, now: () => new Date('2026-12-07T10:00:00.000Z') });
    await archive.archive([idOf(1), idOf(2), idOf(3)]);
    const written = await files();
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^sagas-20261207T100000000Z-\d{6}-[0-9a-f]{8}\.jsonl\.gz$/);
    const lines = gunzipSync(await readFile(join(dir, written[0]!)))
      .toString('utf8')
      .split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => JSON.parse(line) as unknown)).toEqual(
      [1, 2, 3].map((n) => ({ formatVersion: 1, archivedAt: '2026-12-07T10:00:00.000Z', ...sagaWithEvents(n) })),
    );
    for (const n of [1, 2, 3]) {
      const found = await findArchivedSaga(dir, idOf(n), onProblem);
      expect({ saga: found?.record.saga, events: found?.record.events }).toEqual(sagaWithEvents(n));
    }
    expect(await findArchivedSaga(dir, idOf(4), onProblem)).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('skips ids of sagas that are gone, and writes no file for a batch of none', async () => {
    const archive = new FileSagaArchive(source, { dir, maxFileBytes: 1_000_000 });
    await archive.archive([]);
    await archive.archive([idOf(99)]);
    await expect(files()).rejects.toThrow(/ENOENT/); // nothing written: not even the directory for an empty batch
    await archive.archive([idOf(99), idOf(1), idOf(1)]);
    expect(await files()).toHaveLength(1);
    const read = [];
    for await (const entry of readArchive(dir, onProblem)) read.push(entry.record.saga.id);
    expect(read).toEqual([idOf(1)]);
  });

  it('begins a new file once one reaches ARCHIVE_FILE_MAX_BYTES, every saga in exactly one', async () => {
    // Incompressible lines far larger than the file limit: gzip must pass a file's worth on to the
    // file before the next saga, whatever its stream buffers hold (Node 22 raised them to 64 KiB).
    for (let n = 1; n <= 6; n++) source.sagas.set(idOf(n), sagaWithEvents(n, 'COMPLETED', randomBytes(100_000).toString('base64')));
    const archive = new FileSagaArchive(source, { dir, maxFileBytes: 20_000 });
    await archive.archive([1, 2, 3, 4, 5, 6].map(idOf));
    const written = await files();
    expect(written.length).toBeGreaterThan(1);
    const ids = [];
    for await (const entry of readArchive(dir, onProblem)) ids.push(entry.record.saga.id);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6].map(idOf));
  });

  it('a saga archived twice (a batch retried after a crash) reads back as its last copy', async () => {
    const archive = new FileSagaArchive(source, { dir, maxFileBytes: 1_000_000 });
    source.sagas.set(idOf(1), sagaWithEvents(1, 'COMPENSATION_FAILED'));
    await archive.archive([idOf(1), idOf(2)]);
    source.sagas.set(idOf(1), sagaWithEvents(1, 'COMPENSATED'));
    await archive.archive([idOf(1)]);
    expect(await files()).toHaveLength(2);
    expect((await findArchivedSaga(dir, idOf(1), onProblem))?.record.saga.status).toBe('COMPENSATED');
    const listed = await listArchivedSagas(dir, { limit: 10 }, onProblem);
    expect(listed.map((entry) => [entry.id, entry.status])).toEqual([
      [idOf(1), 'COMPENSATED'],
      [idOf(2), 'COMPLETED'],
    ]);
  });

  it('a batch that fails part way rejects and leaves no temporary file; the files it completed stay readable', async () => {
    // Incompressible lines far larger than the file limit: gzip must pass a file's worth on to the
    // file before the next saga, whatever its stream buffers hold (Node 22 raised them to 64 KiB).
    for (let n = 1; n <= 6; n++) source.sagas.set(idOf(n), sagaWithEvents(n, 'COMPLETED', randomBytes(100_000).toString('base64')));
    source.failOn = idOf(4);
    const archive = new FileSagaArchive(source, { dir, maxFileBytes: 20_000 });
    await expect(archive.archive([1, 2, 3, 4, 5].map(idOf))).rejects.toThrow(`database gone while reading ${idOf(4)}`);
    const left = await files();
    expect(left.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const ids = [];
    for await (const entry of readArchive(dir, onProblem)) ids.push(entry.record.saga.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual([1, 2, 3].map(idOf).slice(0, ids.length));
  });

  it('ignores a temporary file a crash left behind, even one that holds whole lines', async () => {
    const archive = new FileSagaArchive(source, { dir, maxFileBytes: 1_000_000 });
    await archive.archive([idOf(1)]);
    const [complete] = await files();
    const bytes = gzipSync(Buffer.from(`${JSON.stringify({ formatVersion: 1, archivedAt: new Date().toISOString(), ...sagaWithEvents(2) })}\n`));
    // A crash mid-file: the writer had not synced or renamed it yet (cut short, or whole).
    await writeFile(join(dir, temporaryNameOf('sagas-20991231T000000000Z-000001-00000000.jsonl.gz')), bytes.subarray(0, bytes.length - 9));
    await writeFile(join(dir, temporaryNameOf('sagas-20991231T000000000Z-000002-00000000.jsonl.gz')), bytes);
    expect(await findArchivedSaga(dir, idOf(2), onProblem)).toBeUndefined();
    expect((await findArchivedSaga(dir, idOf(1), onProblem))?.file).toBe(complete);
    expect(problems).toEqual([]);
  });

  it('reports a damaged complete file and a bad line, and reads on', async () => {
    const archive = new FileSagaArchive(source, { dir, maxFileBytes: 1_000_000 });
    await archive.archive([idOf(1), idOf(2)]);
    const [good] = await files();
    const whole = await readFile(join(dir, good!));
    // Copied by hand and cut short (the writer never leaves one), and a file with a line of another version.
    await writeFile(join(dir, 'sagas-20991231T000000000Z-000001-00000000.jsonl.gz'), whole.subarray(0, whole.length - 30));
    const other = JSON.stringify({ ...JSON.parse(gunzipSync(whole).toString('utf8').split('\n')[0]!), formatVersion: 2 });
    await writeFile(join(dir, 'sagas-20991231T000000000Z-000002-00000000.jsonl.gz'), gzipSync(`${other}\n`));
    // The lines before the damage are whole: the saga is read from the later copy, as it was archived.
    const found = await findArchivedSaga(dir, idOf(1), onProblem);
    expect(found?.file).toBe('sagas-20991231T000000000Z-000001-00000000.jsonl.gz');
    expect({ saga: found?.record.saga, events: found?.record.events }).toEqual(sagaWithEvents(1));
    expect(problems).toEqual([
      { file: 'sagas-20991231T000000000Z-000001-00000000.jsonl.gz', message: expect.stringMatching(/^after line \d+: /) as unknown },
      { file: 'sagas-20991231T000000000Z-000002-00000000.jsonl.gz', message: 'line 1: formatVersion 2 is not 1, the only one this version reads' },
    ]);
    // The last line of the cut copy is not whole: saga 2 comes from the complete file.
    expect((await findArchivedSaga(dir, idOf(2), onProblem))?.file).toBe(good);
  });

  it('lists by definition and creation time, at most the limit, each saga once', async () => {
    const archive = new FileSagaArchive(source, { dir, maxFileBytes: 1_000_000 });
    await archive.archive([1, 2, 3, 4, 5, 6].map(idOf));
    await archive.archive([idOf(2)]);
    const ids = async (filter: Parameters<typeof listArchivedSagas>[1]) => (await listArchivedSagas(dir, filter, onProblem)).map((entry) => entry.id);
    expect(await ids({ limit: 100 })).toEqual([1, 2, 3, 4, 5, 6].map(idOf));
    expect(await ids({ limit: 100, definition: 'order' })).toEqual([2, 4, 6].map(idOf));
    expect(await ids({ limit: 2, definition: 'order' })).toEqual([2, 4].map(idOf));
    const created = (n: number) => sagaWithEvents(n).saga.createdAt;
    expect(await ids({ limit: 100, createdFrom: created(2), createdTo: created(5) })).toEqual([2, 3, 4].map(idOf));
  });

  it(`refuses a batch of more than ${MAX_ARCHIVE_BATCH} ids before writing anything`, async () => {
    const archive = new FileSagaArchive(source, { dir, maxFileBytes: 1_000_000 });
    const ids = Array.from({ length: MAX_ARCHIVE_BATCH + 1 }, (_, n) => idOf(n));
    await expect(archive.archive(ids)).rejects.toThrow(`An archive batch takes at most ${MAX_ARCHIVE_BATCH} saga ids, not ${MAX_ARCHIVE_BATCH + 1}.`);
    await expect(files()).rejects.toThrow(/ENOENT/);
  });
});
