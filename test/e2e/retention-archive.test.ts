import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/test-infrastructure.js';
import { orderInput, Refusals } from '../support/order-fixtures.js';
import { startOrderSystem, type OrderSystem } from '../support/order-system.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/**
 * Retention and the archive together, as an operator runs them: the coordinator with
 * `ARCHIVE_DIR` set and housekeeping sweeping often. Finished sagas whose retention has passed
 * (their finish moved back in SQL rather than waiting the one-minute minimum) disappear from the
 * API and the database by housekeeping alone, and `npm run archive` reads each back equal to what
 * `GET /v1/sagas/{id}` and `/events` answered before.
 */
describe('retention with the archive', () => {
  let system: OrderSystem;
  let dir: string;
  const answered = new Map<string, { saga: unknown; events: unknown }>();

  beforeAll(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'saga-retention-e2e-')), 'archive');
    system = await startOrderSystem('saga_retention_archive', {
      ARCHIVE_DIR: dir,
      HOUSEKEEPING_INTERVAL_MS: '200',
      RETENTION_FINISHED_SAGAS_MS: '60000',
    });
    for (const input of [orderInput(), Refusals.payment(), Refusals.shipping()]) {
      const { body } = await system.client.start(input);
      const saga = await system.client.waitFor(body.id, ['COMPLETED', 'COMPENSATED'], 60_000);
      answered.set(saga.id, { saga: (await system.client.get(saga.id)).body, events: await system.client.events(saga.id) });
    }
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
    if (dir !== undefined) await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('archives expired finished sagas, then deletes them with their rows; the CLI reads each back as the API answered it', async () => {
    const ids = [...answered.keys()];
    const kept = (await system.client.start(orderInput())).body.id;
    await system.client.waitFor(kept, ['COMPLETED'], 60_000);
    // Not expired yet: kept however often housekeeping runs.
    await system.db.query(`UPDATE saga SET finished_at = now() - interval '2 minutes' WHERE id = ANY($1::uuid[])`, [ids]);

    await eventually(async () => ((await Promise.all(ids.map((id) => system.client.get(id)))).every((r) => r.status === 404) ? true : undefined), {
      timeoutMs: 30_000,
      what: 'housekeeping deleted the expired sagas',
    });
    for (const table of ['saga_event', 'saga_timer', 'inbox_message']) {
      const { rows } = await system.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE saga_id = ANY($1::uuid[])`, [ids]);
      expect(rows[0]!.n, table).toBe(0);
    }
    expect((await system.client.get(kept)).status).toBe(200);

    for (const id of ids) {
      const { stdout } = await run(process.execPath, [join(repoRoot, 'dist/src/cli/archive.main.js'), 'show', id, '--dir', dir]);
      expect(JSON.parse(stdout)).toEqual(answered.get(id));
    }
  }, 90_000);
});
