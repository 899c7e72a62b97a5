import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryNameOf } from '../../src/archive/archive-file-name.js';
import { FileSagaArchive } from '../../src/archive/file-saga-archive.js';
import { SagaArchiveModule } from '../../src/archive/saga-archive.module.js';
import { loadAppConfig } from '../../src/config/app-config.js';
import { AppConfigModule } from '../../src/config/app-config.module.js';
import { ObservabilityModule } from '../../src/observability/observability.module.js';
import { OrchestrationModule } from '../../src/orchestration/orchestration.module.js';
import { SagaArchive } from '../../src/orchestration/ports/saga-archive.port.js';
import { PersistenceModule } from '../../src/persistence/persistence.module.js';
import { orderInput, Refusals } from '../support/order-fixtures.js';
import { startOrderSystem, type OrderSystem } from '../support/order-system.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const Settled = ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'];
/** The CLI must not need the database: it gets one that cannot be reached. */
const NoDatabase = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', ARCHIVE_DIR: '' };

/** `npm run archive` as a process (the built CLI); its exit code, stdout and stderr. */
async function archiveCli(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [join(repoRoot, 'dist/src/cli/archive.main.js'), ...args], { env: { ...process.env, ...NoDatabase, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/**
 * Acceptance of the archive: order sagas run to completion and to compensation through the real
 * coordinator and participants; what `GET /v1/sagas/{id}` and `/events` answered is kept; the
 * archive the composition root wires from ARCHIVE_DIR archives them; the rows are deleted; the CLI,
 * a process of its own without a database, reads each back equal to the API's answers.
 */
describe('saga archive end to end', () => {
  let system: OrderSystem;
  let archiveApp: INestApplication;
  let dir: string;
  const answered = new Map<string, { saga: unknown; events: unknown }>();

  beforeAll(async () => {
    system = await startOrderSystem('saga_archive');
    dir = join(await mkdtemp(join(tmpdir(), 'saga-archive-e2e-')), 'archive');
    const config = loadAppConfig({
      DATABASE_URL: system.infra.databaseUrl,
      DATABASE_POOL_SIZE: '2',
      TIMER_POLL_INTERVAL_MS: '60000',
      ARCHIVE_DIR: dir,
    });
    // Where housekeeping will call it: the archive as SagaArchiveModule provides it, on the coordinator's database.
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot(),
        PersistenceModule.forRoot(),
        OrchestrationModule.forRoot({ initialDefinitions: [] }),
        SagaArchiveModule,
      ],
    }).compile();
    archiveApp = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    await archiveApp.init();

    for (const input of [orderInput(), Refusals.payment(), Refusals.shipping()]) {
      const { body } = await system.client.start(input);
      const saga = await system.client.waitFor(body.id, Settled, 60_000);
      answered.set(saga.id, { saga: (await system.client.get(saga.id)).body, events: await system.client.events(saga.id) });
    }
  });

  afterAll(async () => {
    await archiveApp?.close();
    await system?.stop();
    if (dir !== undefined) await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('archives finished sagas, which the CLI reads back, after their rows are deleted, equal to what the API answered', async () => {
    const ids = [...answered.keys()];
    expect([...answered.values()].map(({ saga }) => (saga as { status: string }).status)).toEqual(['COMPLETED', 'COMPENSATED', 'COMPENSATED']);
    const archive = archiveApp.get(SagaArchive);
    expect(archive).toBeInstanceOf(FileSagaArchive);
    expect(archive.enabled).toBe(true);
    await archive.archive(ids);

    await system.db.query('DELETE FROM saga WHERE id = ANY($1::uuid[])', [ids]);
    for (const id of ids) expect((await system.client.get(id)).status).toBe(404);

    for (const id of ids) {
      const { code, stdout, stderr } = await archiveCli(['show', id, '--dir', dir]);
      expect(code, stderr).toBe(0);
      expect(JSON.parse(stdout)).toEqual(answered.get(id));
    }
    const compensated = answered.get(ids[2]!)!.events as { type: string }[];
    expect(compensated.map((event) => event.type)).toContain('CompensationSucceeded');
  });

  it('reads ARCHIVE_DIR when no --dir is given; lists the sagas; exits 3 for a saga it does not hold and 2 for a wrong command line', async () => {
    const ids = [...answered.keys()];
    const listed = await archiveCli(['list', '--json', '--definition', 'order'], { ARCHIVE_DIR: dir });
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: string; status: string }[]).map(({ id, status }) => [id, status])).toEqual(
      ids.map((id) => [id, (answered.get(id)!.saga as { status: string }).status]),
    );
    const missing = await archiveCli(['show', '00000000-0000-4000-8000-000000000000', '--dir', dir]);
    expect(missing).toEqual({ code: 3, stdout: '', stderr: 'archive: saga 00000000-0000-4000-8000-000000000000 is not in the archive.\n' });
    expect((await archiveCli(['show', 'not-a-uuid', '--dir', dir])).code).toBe(2);
    expect((await archiveCli(['show', ids[0]!])).stderr).toBe('archive: no archive directory: give --dir or set ARCHIVE_DIR.\n');
    expect((await archiveCli(['list', '--limit', '0', '--dir', dir])).code).toBe(2);
    expect((await archiveCli(['frobnicate'])).code).toBe(2);
    const noDir = await archiveCli(['show', ids[0]!, '--dir', join(dir, 'missing')]);
    expect(noDir.code).toBe(1);
    expect(noDir.stderr).toMatch(/^archive: ENOENT/);
  });

  it('ignores a cut-off temporary file a crash left, and reads a saga archived twice as its last copy', async () => {
    const [id] = [...answered.keys()];
    const [file] = (await readdir(dir)).sort();
    const bytes = await readFile(join(dir, file!));
    await writeFile(join(dir, temporaryNameOf('sagas-20991231T235959999Z-000001-00000000.jsonl.gz')), bytes.subarray(0, bytes.length / 2));
    const before = await archiveCli(['show', id!, '--dir', dir]);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stderr).toBe('');

    // The batch again, as after a crash between archive and delete (the saga is still in the database here: started anew).
    const { body } = await system.client.start(orderInput());
    const again = await system.client.waitFor(body.id, Settled, 60_000);
    const archive = archiveApp.get(SagaArchive);
    await archive.archive([again.id]);
    const first = await archiveCli(['list', '--json', '--dir', dir]);
    await archive.archive([again.id]);
    const files = (await readdir(dir)).filter((name) => !name.endsWith('.tmp'));
    expect(files.length).toBe(3);
    const listed = JSON.parse((await archiveCli(['list', '--json', '--dir', dir])).stdout) as { id: string; archivedAt: string; file: string }[];
    const copy = listed.find((entry) => entry.id === again.id)!;
    expect(copy.file).toBe(files.sort().at(-1));
    expect(Date.parse(copy.archivedAt)).toBeGreaterThanOrEqual(
      Date.parse((JSON.parse(first.stdout) as { id: string; archivedAt: string }[]).find((entry) => entry.id === again.id)!.archivedAt),
    );
    expect(listed.filter((entry) => entry.id === again.id)).toHaveLength(1);
  });

  it('runs the shell samples of docs/archive.md on this archive', async () => {
    const [id] = [...answered.keys()];
    const markdown = await readFile(join(repoRoot, 'docs/archive.md'), 'utf8');
    const samples = [...markdown.matchAll(/^```bash\n([\s\S]*?)^```$/gm)]
      .flatMap((block) => block[1]!.split('\n'))
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line !== '');
    expect(samples.length).toBe(3);
    for (const sample of samples) {
      const command = sample.replaceAll('/var/lib/saga-archive', dir).replaceAll('<id>', id!);
      const { stdout } = await run('bash', ['-c', `set -euo pipefail\n${command}`], {
        cwd: repoRoot,
        env: { ...process.env, ...NoDatabase, npm_config_loglevel: 'silent' },
      });
      if (sample.includes(' show ') || sample.startsWith('zcat')) expect(JSON.parse(stdout), sample).toEqual(answered.get(id!));
      else expect(stdout, sample).toContain(id);
    }
  });
});
