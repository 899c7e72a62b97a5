import type { INestApplication } from '@nestjs/common';
import { commandMessageId, replyMessageId } from '@saga-coordinator/contracts';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SagaArchiveModule } from '../../../src/archive/saga-archive.module.js';
import { HousekeepingModule } from '../../../src/housekeeping/housekeeping.module.js';
import { HousekeepingService } from '../../../src/housekeeping/housekeeping.service.js';
import { HousekeepingStore } from '../../../src/orchestration/ports/housekeeping-store.port.js';
import { WebhookStore } from '../../../src/orchestration/ports/webhook-store.port.js';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import { InboundMessageHandler } from '../../../src/runtime/inbound/inbound-message-handler.port.js';
import { TimerScheduler } from '../../../src/runtime/timers/timer-scheduler.service.js';
import type { SagaDefinition } from '../../../src/saga-engine/definition/saga-definition.js';
import { DataSource } from 'typeorm';
import { StoreUnavailableError } from '../../../src/orchestration/errors/store-unavailable.error.js';
import { createDataSourceOptions } from '../../../src/persistence/data-source-options.js';
import { HousekeepingRepository } from '../../../src/persistence/repositories/housekeeping.repository.js';
import { startTcpProxy } from '../../support/tcp-proxy.js';
import { createTestDatabase } from '../../support/test-infrastructure.js';
import { createOrchestrationTestApp, sqlClient } from '../orchestration/support/orchestration-test-app.js';
import { executeReply } from '../orchestration/support/replies.js';
import { twoStepDefinition } from '../orchestration/support/two-step.definition.js';

/** The same saga with its own retention: one hour. */
const keptAnHour: SagaDefinition = { ...twoStepDefinition, name: 'two-step-kept', retentionMs: 3_600_000 };

const SagaTables = ['saga_event', 'saga_timer', 'inbox_message'] as const;

describe('housekeeping (retention) on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: INestApplication;
  let sql: pg.Client;
  let sagas: SagaService;
  let inbound: InboundMessageHandler;
  let housekeeping: HousekeepingService;

  beforeAll(async () => {
    database = await createTestDatabase('housekeeping');
    ({ app } = await createOrchestrationTestApp(
      database.url,
      [twoStepDefinition, keptAnHour],
      {
        // The test sweeps by hand; the default retention is the minimum, one minute.
        HOUSEKEEPING_ENABLED: 'false',
        RETENTION_FINISHED_SAGAS_MS: '60000',
        OUTBOX_SENT_RETENTION_MS: '60000',
        WEBHOOK_DELIVERY_RETENTION_MS: '60000',
        HOUSEKEEPING_BATCH_SIZE: '7',
      },
      [SagaArchiveModule, HousekeepingModule],
    ));
    sql = await sqlClient(database.url);
    sagas = app.get(SagaService);
    inbound = app.get(InboundMessageHandler);
    housekeeping = app.get(HousekeepingService);
  });
  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await database?.drop();
  });

  async function start(definition = 'two-step'): Promise<string> {
    return (await sagas.start({ definition, input: { orderId: 'o', amount: 5 } })).saga.id;
  }

  async function completed(definition = 'two-step'): Promise<string> {
    const id = await start(definition);
    expect(await inbound.handleReply(executeReply(id, 'reserve', 'stock'))).toEqual({ kind: 'applied' });
    expect(await inbound.handleReply(executeReply(id, 'charge', 'bank'))).toEqual({ kind: 'applied' });
    return id;
  }

  async function compensated(): Promise<string> {
    const id = await start();
    await inbound.handleReply(executeReply(id, 'reserve', 'stock', { outcome: 'failed', failure: { code: 'none-left', message: 'out of stock' } }));
    return id;
  }

  function compensateFailed(id: string, attempt: number) {
    const commandId = commandMessageId(id, 'reserve', 'compensate', attempt);
    return executeReply(id, 'reserve', 'stock', {
      kind: 'compensate',
      attempt,
      messageId: replyMessageId(commandId),
      inReplyTo: commandId,
      outcome: 'failed',
      failure: { code: 'ledger-down', message: 'cannot release' },
    });
  }

  /** reserve succeeds, charge fails, releasing the reserve fails on both attempts: an operator must act. */
  async function compensationFailed(): Promise<string> {
    const id = await start();
    await inbound.handleReply(executeReply(id, 'reserve', 'stock'));
    await inbound.handleReply(executeReply(id, 'charge', 'bank', { outcome: 'failed', failure: { code: 'declined', message: 'no' } }));
    await inbound.handleReply(compensateFailed(id, 1));
    await sql.query(`UPDATE saga_timer SET due_at = now() WHERE saga_id = $1`, [id]);
    await app.get(TimerScheduler).fireDueTimers();
    await inbound.handleReply(compensateFailed(id, 2));
    return id;
  }

  async function status(id: string): Promise<string | undefined> {
    return (await sql.query<{ status: string }>('SELECT status FROM saga WHERE id = $1', [id])).rows[0]?.status;
  }

  /** Moves a saga's finish (and every other time it has) `ms` into the past. */
  async function age(ids: readonly string[], ms: number): Promise<void> {
    await sql.query(
      `UPDATE saga SET finished_at = finished_at - $2 * interval '1 millisecond', updated_at = updated_at - $2 * interval '1 millisecond',
         created_at = created_at - $2 * interval '1 millisecond' WHERE id = ANY($1::uuid[])`,
      [ids, ms],
    );
  }

  async function rowsOf(id: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of SagaTables) {
      counts[table] = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE saga_id = $1`, [id])).rows[0]!.n;
    }
    return counts;
  }

  it('deletes finished sagas past their retention with their step log, timers and inbox rows, and nothing else', async () => {
    const [done, undone, failed, running, fresh] = [
      await completed(),
      await compensated(),
      await compensationFailed(),
      await start(),
      await completed(),
    ];
    expect([await status(done), await status(undone), await status(failed), await status(running)]).toEqual([
      'COMPLETED',
      'COMPENSATED',
      'COMPENSATION_FAILED',
      'RUNNING',
    ]);
    // A timer left on a finished saga goes with it.
    await sql.query(`INSERT INTO saga_timer (saga_id, kind, due_at) VALUES ($1, 'saga-deadline', now() + interval '1 day')`, [done]);
    expect((await rowsOf(done)).inbox_message).toBe(2);
    await age([done, undone, failed, running], 2 * 60_000);
    const before = { failed: await rowsOf(failed), running: await rowsOf(running), fresh: await rowsOf(fresh) };

    const deleted = await housekeeping.sweep();

    expect(deleted.saga).toBe(2);
    for (const id of [done, undone]) {
      expect(await status(id)).toBeUndefined();
      expect(await rowsOf(id)).toEqual({ saga_event: 0, saga_timer: 0, inbox_message: 0 });
    }
    expect([await status(failed), await status(running), await status(fresh)]).toEqual(['COMPENSATION_FAILED', 'RUNNING', 'COMPLETED']);
    expect({ failed: await rowsOf(failed), running: await rowsOf(running), fresh: await rowsOf(fresh) }).toEqual(before);
  });

  it('changes nothing when a reply is redelivered after its saga was deleted: turned away as unknown, no row written', async () => {
    const id = await completed();
    const reply = executeReply(id, 'charge', 'bank');
    await age([id], 2 * 60_000);
    await housekeeping.sweep();
    const outboxBefore = (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_message')).rows[0]!.n;

    expect(await inbound.handleReply(reply)).toEqual({ kind: 'rejected', reason: `unknown saga ${id}` });

    expect(await status(id)).toBeUndefined();
    expect(await rowsOf(id)).toEqual({ saga_event: 0, saga_timer: 0, inbox_message: 0 });
    expect((await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_message')).rows[0]!.n).toBe(outboxBefore);
  });

  it("keeps a saga for its definition version's own retention", async () => {
    const [recent, old] = [await completed('two-step-kept'), await completed('two-step-kept')];
    await age([recent], 2 * 60_000);
    await age([old], 2 * 3_600_000);

    await housekeeping.sweep();

    expect(await status(recent)).toBe('COMPLETED');
    expect(await status(old)).toBeUndefined();
  });

  it('lets two housekeepers delete concurrently: disjoint batches, neither waits for the other, each saga deleted once', async () => {
    await housekeeping.sweep();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await completed());
    await age(ids, 2 * 60_000);
    const store = app.get(HousekeepingStore);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstIds: readonly string[] = [];
    let locked!: () => void;
    const firstLocked = new Promise<void>((resolve) => (locked = resolve));
    const first = store.deleteExpiredSagas(5, 60_000, async (batch) => {
      firstIds = batch;
      locked();
      await held;
    });
    await firstLocked;

    // The first batch holds its five rows locked: the second skips them instead of waiting.
    const second = await store.deleteExpiredSagas(100, 60_000, async () => {});
    release();
    const firstDeleted = await first;

    expect(firstIds).toHaveLength(5);
    expect(second.saga).toBe(7);
    expect(firstDeleted.saga).toBe(5);
    for (const id of ids) expect(await status(id)).toBeUndefined();
  });

  it('deletes a child only once its parent finished, and a parent only once its children are gone', async () => {
    const insert = (status: string, finishedAgoMs: number | null, parent: string | null) =>
      sql
        .query<{ id: string }>(
          `INSERT INTO saga (id, definition_name, definition_version, status, state, input, parent_saga_id, finished_at)
           VALUES (gen_random_uuid(), 'two-step', 1, $1, '{}', '{}', $3, now() - $2 * interval '1 millisecond') RETURNING id`,
          [status, finishedAgoMs, parent],
        )
        .then(({ rows }) => rows[0]!.id);
    const runningParent = await insert('COMPENSATING', null, null);
    const childOfRunning = await insert('COMPLETED', 2 * 60_000, runningParent);
    const finishedParent = await insert('COMPLETED', 2 * 60_000, null);
    const childOfFinished = await insert('COMPLETED', 2 * 60_000, finishedParent);

    // One sweep: the child of the finished parent goes; its parent waits for the next batch (a row named it).
    expect((await housekeeping.sweep()).saga).toBe(1);
    expect([await status(childOfFinished), await status(finishedParent)]).toEqual([undefined, 'COMPLETED']);
    await housekeeping.sweep();
    expect(await status(finishedParent)).toBeUndefined();
    // The parent still compensating may yet ask its child to undo itself.
    expect([await status(childOfRunning), await status(runningParent)]).toEqual(['COMPLETED', 'COMPENSATING']);
  });

  it('deletes nothing when the archive fails: the batch rolls back', async () => {
    const id = await completed();
    await age([id], 2 * 60_000);
    const store = app.get(HousekeepingStore);

    await expect(store.deleteExpiredSagas(10, 60_000, () => Promise.reject(new Error('archive unavailable')))).rejects.toThrow('archive unavailable');

    expect(await status(id)).toBe('COMPLETED');
    expect((await rowsOf(id)).inbox_message).toBe(2);
  });

  it('deletes sent outbox rows past their retention and never an unsent one, however old', async () => {
    await sql.query(`
      INSERT INTO outbox_message (message_id, exchange, routing_key, type, correlation_id, headers, payload, created_at, sent_at)
      VALUES ('hk-old-sent', 'x', 'k', 'command', 'c', '{}', '{}', now() - interval '1 hour', now() - interval '2 minutes'),
             ('hk-new-sent', 'x', 'k', 'command', 'c', '{}', '{}', now() - interval '1 hour', now() - interval '10 seconds'),
             ('hk-old-unsent', 'x', 'k', 'command', 'c', '{}', '{}', now() - interval '1 day', NULL)`);

    await housekeeping.sweep();

    const { rows } = await sql.query<{ message_id: string }>(
      `SELECT message_id FROM outbox_message WHERE message_id LIKE 'hk-%' ORDER BY message_id`,
    );
    expect(rows.map((row) => row.message_id)).toEqual(['hk-new-sent', 'hk-old-unsent']);
  });

  it('deletes webhook deliveries settled past their retention, with their attempts, and never a pending one, however old', async () => {
    const webhooks = app.get(WebhookStore);
    const {
      rows: [subscription],
    } = await sql.query<{ id: string }>(
      `INSERT INTO webhook_subscription (url, events, definitions, sealed_secret)
       VALUES ('https://hooks.example/retention', '{saga.completed}', '{}', 'secret') RETURNING id`,
    );
    const names = ['delivered-old', 'gave-up-old', 'delivered-new', 'retrying-old'] as const;
    const { rows: deliveries } = await sql.query<{ id: string; event_id: string }>(
      `INSERT INTO webhook_delivery (subscription_id, event_id, saga_id, event, payload, attempts, created_at)
       SELECT $1, 'hk-' || name, gen_random_uuid(), 'saga.completed', '{}', 1, now() - interval '1 day' FROM unnest($2::text[]) AS name
       RETURNING id, event_id`,
      [subscription!.id, names],
    );
    const deliveryOf = (name: (typeof names)[number]) => deliveries.find((d) => d.event_id === `hk-${name}`)!.id;
    // One attempt each through the store, as the delivery worker records it: two delivered, one given up, one to retry.
    const attempt = (name: (typeof names)[number], succeeded: boolean, retryInMs: number | null) =>
      webhooks.recordAttempt(
        {
          deliveryId: deliveryOf(name),
          attempt: 1,
          startedAt: new Date(),
          durationMs: 5,
          succeeded,
          statusCode: succeeded ? 200 : 500,
          error: null,
          responseBody: null,
        },
        { retryInMs, disableAfterFailures: 100 },
      );
    await attempt('delivered-old', true, null);
    await attempt('gave-up-old', false, null);
    await attempt('delivered-new', true, null);
    await attempt('retrying-old', false, 60_000);
    const settled = await sql.query<{ event_id: string; status: string; settled: boolean }>(
      `SELECT event_id, status, finished_at IS NOT NULL AS settled FROM webhook_delivery WHERE event_id LIKE 'hk-%' ORDER BY event_id`,
    );
    expect(settled.rows).toEqual([
      { event_id: 'hk-delivered-new', status: 'SUCCEEDED', settled: true },
      { event_id: 'hk-delivered-old', status: 'SUCCEEDED', settled: true },
      { event_id: 'hk-gave-up-old', status: 'FAILED', settled: true },
      { event_id: 'hk-retrying-old', status: 'PENDING', settled: false },
    ]);
    // Past the one-minute retention: the two old settled ones (a pending delivery has no finish to age).
    await sql.query(
      `UPDATE webhook_delivery SET finished_at = now() - interval '2 minutes' WHERE event_id IN ('hk-delivered-old', 'hk-gave-up-old')`,
    );

    const deleted = await housekeeping.sweep();

    const left = await sql.query<{ event_id: string; attempts: number }>(
      `SELECT d.event_id, (SELECT count(*)::int FROM webhook_attempt a WHERE a.delivery_id = d.id) AS attempts
       FROM webhook_delivery d WHERE d.event_id LIKE 'hk-%' ORDER BY d.event_id`,
    );
    expect(left.rows).toEqual([
      { event_id: 'hk-delivered-new', attempts: 1 },
      { event_id: 'hk-retrying-old', attempts: 1 },
    ]);
    const orphanAttempts = await sql.query('SELECT 1 FROM webhook_attempt a WHERE a.delivery_id = ANY($1::uuid[])', [
      [deliveryOf('delivered-old'), deliveryOf('gave-up-old')],
    ]);
    expect(orphanAttempts.rowCount).toBe(0);
    expect(deleted).toMatchObject({ webhook_delivery: 2, webhook_attempt: 2 });
  });

  it('rebuilds the input index once per interval across replicas, after what an interrupted rebuild left: deleting sagas alone does not shrink it', async () => {
    const store = app.get(HousekeepingStore);
    const indexBytes = async () => Number((await sql.query<{ n: string }>(`SELECT pg_relation_size('saga_input_idx') AS n`)).rows[0]!.n);
    // 5,000 finished sagas, each with an input value of its own, then deleted as retention would.
    await sql.query(`
      INSERT INTO saga (id, definition_name, definition_version, status, state, input, created_at, updated_at, finished_at)
      SELECT gen_random_uuid(), 'two-step', 1, 'COMPLETED', '{}', jsonb_build_object('orderId', 'gin-' || i, 'amount', i), now(), now(), now()
      FROM generate_series(1, 5000) AS i`);
    const filled = await indexBytes();
    await sql.query(`DELETE FROM saga WHERE input->>'orderId' LIKE 'gin-%'`);
    await sql.query('VACUUM saga');
    expect(await indexBytes(), 'a GIN index keeps the keys of deleted rows').toBeGreaterThanOrEqual(filled);
    // An interrupted REINDEX CONCURRENTLY leaves an invalid copy; this failing build leaves one of the same name.
    await expect(sql.query('CREATE UNIQUE INDEX CONCURRENTLY saga_input_idx_ccnew ON saga ((1))')).rejects.toThrow(/could not create unique index/);

    await sql.query(`UPDATE housekeeping_job SET last_run_at = now() - interval '2 days' WHERE name = 'rebuild-saga-input-index'`);
    const claims = await Promise.all([store.claimInputIndexRebuild(86_400_000), store.claimInputIndexRebuild(86_400_000)]);
    expect(claims.filter(Boolean), 'two replicas claiming at once: one wins').toHaveLength(1);
    expect(await housekeeping.rebuildInputIndexIfDue(), 'claimed less than an interval ago').toBe(false);

    await sql.query(`UPDATE housekeeping_job SET last_run_at = now() - interval '2 days' WHERE name = 'rebuild-saga-input-index'`);
    expect(await housekeeping.rebuildInputIndexIfDue()).toBe(true);
    expect(await indexBytes()).toBeLessThan(filled / 4);
    const indexes = await sql.query<{ name: string; valid: boolean }>(
      `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE i.indrelid = 'saga'::regclass AND starts_with(c.relname, 'saga_input_idx')`,
    );
    expect(indexes.rows).toEqual([{ name: 'saga_input_idx', valid: true }]);
  });

  it('answers StoreUnavailableError from every call once the database cannot be reached, like every other store', async () => {
    const target = new URL(database.url);
    const proxy = await startTcpProxy({ targetPort: Number(target.port || 5432) });
    target.port = String(proxy.port);
    const dataSource = new DataSource({ ...createDataSourceOptions({ url: target.toString(), poolSize: 2 }), migrationsRun: false, logging: false });
    await dataSource.initialize();
    try {
      const store = new HousekeepingRepository(dataSource);
      expect(await store.deleteSentOutbox(7, 60_000)).toEqual({ outbox_message: expect.any(Number) });
      await proxy.close();
      const calls: [string, () => Promise<unknown>][] = [
        ['deleteExpiredSagas', () => store.deleteExpiredSagas(7, 60_000, async () => undefined)],
        ['deleteSentOutbox', () => store.deleteSentOutbox(7, 60_000)],
        ['claimInputIndexRebuild', () => store.claimInputIndexRebuild(60_000)],
        ['rebuildInputIndex', () => store.rebuildInputIndex()],
      ];
      for (const [name, call] of calls) {
        await expect(call(), name).rejects.toBeInstanceOf(StoreUnavailableError);
      }
    } finally {
      await dataSource.destroy().catch(() => undefined);
    }
  });

  it('finds its batches through indexes (EXPLAIN on 20,000 sagas, outbox rows and webhook deliveries)', async () => {
    await sql.query(`
      INSERT INTO saga (id, definition_name, definition_version, status, state, input, created_at, updated_at, finished_at)
      SELECT gen_random_uuid(), 'two-step', 1, CASE WHEN i % 4 = 0 THEN 'RUNNING' ELSE 'COMPLETED' END, '{}', '{}', now(), now(),
             CASE WHEN i % 4 = 0 THEN NULL ELSE now() END
      FROM generate_series(1, 20000) AS i;
      INSERT INTO outbox_message (message_id, exchange, routing_key, type, correlation_id, headers, payload, sent_at)
      SELECT 'hk-explain-' || i, 'x', 'k', 'command', 'c', '{}', '{}', now() FROM generate_series(1, 20000) AS i;
      INSERT INTO webhook_subscription (id, url, events, definitions, sealed_secret)
      VALUES ('00000000-0000-4000-8000-00000000e791', 'https://hooks.example/explain', '{saga.completed}', '{}', 'secret');
      INSERT INTO webhook_delivery (subscription_id, event_id, saga_id, event, payload, status, finished_at)
      SELECT '00000000-0000-4000-8000-00000000e791', 'hk-explain-' || i, gen_random_uuid(), 'saga.completed', '{}',
             CASE WHEN i % 4 = 0 THEN 'PENDING' ELSE 'SUCCEEDED' END, CASE WHEN i % 4 = 0 THEN NULL ELSE now() END
      FROM generate_series(1, 20000) AS i;
      ANALYZE saga; ANALYZE outbox_message; ANALYZE webhook_delivery;`);
    const plan = async (statement: string) =>
      (await sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement}`)).rows.map((row) => row['QUERY PLAN']).join('\n');

    const sagaPlan = await plan(ClaimSagasForExplain);
    const outboxPlan = await plan(
      `SELECT id FROM outbox_message WHERE sent_at IS NOT NULL AND sent_at < now() - interval '1 minute' ORDER BY sent_at LIMIT 500 FOR UPDATE SKIP LOCKED`,
    );

    const webhookPlan = await plan(
      `SELECT id FROM webhook_delivery WHERE finished_at IS NOT NULL AND finished_at < now() - interval '1 minute' ORDER BY finished_at LIMIT 500 FOR UPDATE SKIP LOCKED`,
    );

    expect(sagaPlan).toContain('saga_finished_idx');
    expect(sagaPlan).not.toMatch(/Seq Scan on saga s\b/);
    expect(outboxPlan).toContain('outbox_message_sent_idx');
    expect(outboxPlan).not.toContain('Seq Scan');
    expect(webhookPlan).toContain('webhook_delivery_finished_idx');
    expect(webhookPlan).not.toContain('Seq Scan');
  });
});

/** The claim's shape (HousekeepingRepository) with literal bounds, as EXPLAIN takes it. */
const ClaimSagasForExplain = `
  SELECT expired.id FROM saga_definition d
  CROSS JOIN LATERAL (
    SELECT s.id FROM saga s
    WHERE s.definition_name = d.name AND s.definition_version = d.version
      AND s.finished_at IS NOT NULL
      AND s.finished_at < now() - coalesce((d.definition->>'retentionMs')::bigint, 60000) * interval '1 millisecond'
      AND s.status IN ('COMPLETED', 'COMPENSATED')
      AND NOT EXISTS (SELECT 1 FROM saga child WHERE child.parent_saga_id = s.id)
      AND (s.parent_saga_id IS NULL
           OR EXISTS (SELECT 1 FROM saga parent WHERE parent.id = s.parent_saga_id AND parent.finished_at IS NOT NULL))
    ORDER BY s.finished_at
    LIMIT 500
    FOR UPDATE OF s SKIP LOCKED
  ) expired
  LIMIT 500`;
