import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSourceOptions } from '../../../src/persistence/data-source-options.js';
import { SagaMonitorRepository } from '../../../src/persistence/repositories/saga-monitor.repository.js';
import { SagaRepository } from '../../../src/persistence/repositories/saga.repository.js';
import { initializeDataSource } from '../../../src/persistence/run-migrations-exclusively.util.js';
import { createTestDatabase } from '../../support/test-infrastructure.js';

const SAGAS = 100_000;
/** Generous for a shared 2-core machine; on an idle one each query takes a few milliseconds. */
const BUDGET_MS = 150;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/**
 * The dashboard's queries, exactly as the repositories send them, on 100,000 sagas: every one
 * is served by an index (no sequential scan of `saga` or `saga_event`) and answers quickly. A
 * data source wrapper runs each statement under EXPLAIN ANALYZE first and keeps the plan.
 */
describe('dashboard queries on 100,000 sagas', () => {
  let database: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  const plans: { sql: string; plan: PlanNode; executionMs: number }[] = [];
  let sagas: SagaRepository;
  let monitor: SagaMonitorRepository;

  /** Runs `work` and returns the plans of the statements it sent. */
  async function explained(work: () => Promise<unknown>) {
    plans.length = 0;
    await work();
    return [...plans];
  }

  beforeAll(async () => {
    database = await createTestDatabase('saga_dashboard_100k');
    dataSource = await initializeDataSource(createDataSourceOptions({ url: database.url, poolSize: 2 }));
    await dataSource.query(`INSERT INTO saga_definition (name, version, definition, content_hash) VALUES ('order', 1, '{}', 'x')`);
    // 90% completed, 8% compensated, the rest unfinished or stuck; created over the last 100,000 minutes.
    await dataSource.query(
      `INSERT INTO saga (id, definition_name, definition_version, status, state, input, created_at, updated_at)
       SELECT gen_random_uuid(), 'order', 1,
              CASE WHEN i % 100 < 90 THEN 'COMPLETED' WHEN i % 100 < 98 THEN 'COMPENSATED' WHEN i % 100 < 99 THEN 'RUNNING' ELSE 'COMPENSATION_FAILED' END,
              '{}', jsonb_build_object('orderId', 'o-' || i, 'customerId', 'c-' || (i % 1000)),
              now() - make_interval(mins => $1 - i), now() - make_interval(mins => $1 - i)
       FROM generate_series(1, $1) AS i`,
      [SAGAS],
    );
    await dataSource.query(
      `INSERT INTO saga_event (saga_id, seq, type, at)
       SELECT id, seq, 'StepStarted', created_at + make_interval(secs => seq) FROM saga, generate_series(1, 3) AS seq ORDER BY created_at, seq`,
    );
    await dataSource.query('VACUUM ANALYZE saga');
    await dataSource.query('VACUUM ANALYZE saga_event');
    const explaining = new Proxy(dataSource, {
      get(target, property, receiver) {
        if (property !== 'query') return Reflect.get(target, property, receiver);
        return async (sql: string, parameters: unknown[]) => {
          const [
            {
              'QUERY PLAN': [result],
            },
          ] = await target.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, parameters);
          plans.push({ sql, plan: result.Plan, executionMs: result['Execution Time'] });
          return target.query(sql, parameters);
        };
      },
    });
    sagas = new SagaRepository(explaining);
    monitor = new SagaMonitorRepository(explaining);
  }, 180_000);
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const cases: [string, () => Promise<unknown>][] = [
    ['newest page', () => sagas.list({ limit: 21 })],
    ['a status', () => sagas.list({ status: 'COMPENSATION_FAILED', limit: 21 })],
    ['an input field', () => sagas.list({ inputMatch: { field: 'orderId', value: 'o-4242' }, limit: 21 })],
    ['needs attention', () => sagas.list({ needsAttention: { runningLongerThanMs: 300_000 }, limit: 21 })],
    [
      'a creation window',
      () =>
        sagas.list({
          createdFrom: new Date(Date.now() - 86_400_000 * 10).toISOString(),
          createdTo: new Date(Date.now() - 86_400_000 * 9).toISOString(),
          limit: 21,
        }),
    ],
    [
      'a definition, deep page',
      () =>
        sagas.list({
          definition: 'order',
          after: { createdAt: new Date(Date.now() - 86_400_000 * 30).toISOString().replace('Z', '000Z'), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' },
          limit: 21,
        }),
    ],
    ['counts', () => monitor.counts(300_000)],
    ['changes of the last seconds', () => monitor.changedSince(new Date(Date.now() - 5_000).toISOString(), 500)],
  ];

  it.each(cases)('%s: no sequential scan of saga or saga_event, within budget', async (name, work) => {
    for (const { sql, plan, executionMs } of await explained(work)) {
      const scanned = nodes(plan)
        .filter((node) => node['Node Type'] === 'Seq Scan')
        .map((node) => node['Relation Name']);
      expect(scanned, `${name}: ${sql}`).not.toContain('saga');
      expect(scanned, `${name}: ${sql}`).not.toContain('saga_event');
      expect(executionMs, `${name}: ${sql}`).toBeLessThan(BUDGET_MS);
      console.log(
        `[100k] ${name}: ${executionMs.toFixed(2)} ms, ${nodes(plan)
          .map((node) => node['Index Name'] ?? node['Node Type'])
          .join(' > ')}`,
      );
    }
  });

  it('counts per status from the counters equal counting the sagas', async () => {
    const counted = await dataSource.query<{ status: string; count: string }[]>('SELECT status, count(*) AS count FROM saga GROUP BY status');
    const { byStatus } = await monitor.counts(300_000);
    expect(byStatus).toEqual(Object.fromEntries(counted.map((row) => [row.status, Number(row.count)])));
  });

  it('the input search finds the one saga', async () => {
    const found = await sagas.list({ inputMatch: { field: 'orderId', value: 'o-4242' }, limit: 21 });
    expect(found).toHaveLength(1);
  });

  it('keeps decision writes HOT: no index covers state, last_seq or updated_at, and such updates are HOT', async () => {
    const indexes: { indexdef: string }[] = await dataSource.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'saga'`);
    for (const { indexdef } of indexes) expect(indexdef).not.toMatch(/\b(state|last_seq|updated_at)\b/);
    // A row on the table's last page (which has room for new row versions, as a live table's pages do).
    const [{ id }] = await dataSource.query(`SELECT id FROM saga ORDER BY ctid DESC LIMIT 1`);
    const before = await dataSource.query(`SELECT n_tup_hot_upd::int AS hot FROM pg_stat_user_tables WHERE relname = 'saga'`);
    for (let seq = 1; seq <= 5; seq++)
      await dataSource.query(`UPDATE saga SET state = jsonb_build_object('seq', $2::int), last_seq = $2, updated_at = now() WHERE id = $1`, [
        id,
        seq,
      ]);
    await eventuallyHot(dataSource, before[0].hot + 5);
  });
});

/** pg_stat counters are published asynchronously: wait for them. */
async function eventuallyHot(dataSource: DataSource, atLeast: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await dataSource.query('SELECT pg_stat_force_next_flush()');
    const [{ hot }] = await dataSource.query(`SELECT n_tup_hot_upd::int AS hot FROM pg_stat_user_tables WHERE relname = 'saga'`);
    if (hot >= atLeast) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const [{ hot }] = await dataSource.query(`SELECT n_tup_hot_upd::int AS hot FROM pg_stat_user_tables WHERE relname = 'saga'`);
  expect(hot).toBeGreaterThanOrEqual(atLeast);
}
