import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SagaStore, type SagaWrite, type StoredSaga } from '../../../src/runtime/ports/saga-store.port.js';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import { createTestInfrastructure, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { createOrchestrationTestApp, sqlClient } from '../orchestration/support/orchestration-test-app.js';
import { twoStepDefinition } from '../orchestration/support/two-step.definition.js';

/** A write that appends one step-log entry and changes nothing else. */
function oneLogEntry(saga: StoredSaga): SagaWrite {
  return { state: saga.state, log: [{ type: 'ReplyIgnored', step: 'reserve' }], outbox: [], armTimers: [], cancelTimers: [] };
}

describe('saga transactions on a pipelined connection', () => {
  let infra: TestInfrastructure;
  let app: INestApplication;
  let sql: pg.Client;
  let store: SagaStore;
  let sagas: SagaService;

  beforeAll(async () => {
    infra = await createTestInfrastructure('saga_tx');
    ({ app } = await createOrchestrationTestApp(infra.databaseUrl, [twoStepDefinition], { DATABASE_POOL_SIZE: '2' }));
    sql = await sqlClient(infra.databaseUrl);
    store = app.get(SagaStore);
    sagas = app.get(SagaService);
  });
  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await infra?.dispose();
  });

  async function eventCount(sagaId: string): Promise<number> {
    const { rows } = await sql.query('SELECT count(*)::int AS n FROM saga_event WHERE saga_id = $1', [sagaId]);
    return rows[0].n as number;
  }

  it('commits writes whose answers nobody awaited together with the COMMIT', async () => {
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 'a', amount: 1 } });
    const before = await eventCount(saga.id);

    await store.transaction(async (tx) => {
      const locked = await tx.lockSaga(saga.id);
      await tx.updateSaga(locked!, oneLogEntry(locked!));
    });

    expect(await eventCount(saga.id)).toBe(before + 1);
  });

  it('fails the whole transaction when a queued write fails, and commits none of it', async () => {
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 'b', amount: 1 } });
    const before = await eventCount(saga.id);

    const failed = store.transaction(async (tx) => {
      const locked = await tx.lockSaga(saga.id);
      await tx.updateSaga(locked!, oneLogEntry(locked!));
      // The same step-log seq again: a unique violation, reported only when the writes are awaited at commit.
      await tx.updateSaga(locked!, oneLogEntry(locked!));
    });

    await expect(failed).rejects.toMatchObject({ code: '23505' });
    expect(await eventCount(saga.id)).toBe(before);
  });

  it('rolls back a discarded transaction', async () => {
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 'c', amount: 1 } });

    await store.transaction(async (tx) => {
      const inbound = await tx.lockSagaForInbound(saga.id, `discarded-${saga.id}`);
      expect(inbound?.fresh).toBe(true);
      tx.discard();
    });

    const { rows } = await sql.query('SELECT count(*)::int AS n FROM inbox_message WHERE saga_id = $1', [saga.id]);
    expect(rows[0].n).toBe(0);
  });

  it('records an inbound message id once: the second lock reports a duplicate', async () => {
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 'd', amount: 1 } });
    const lock = () => store.transaction((tx) => tx.lockSagaForInbound(saga.id, `reply-${saga.id}`));

    expect((await lock())?.fresh).toBe(true);
    expect((await lock())?.fresh).toBe(false);
    expect(await store.transaction((tx) => tx.lockSagaForInbound('0190a000-0000-7000-8000-000000000000', 'x'))).toBeNull();
  });

  it('gives its connections back in a usable state after failures (pool of 2, many runs)', async () => {
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 'e', amount: 1 } });
    const runs = Array.from({ length: 12 }, (_, i) =>
      store
        .transaction(async (tx) => {
          await tx.lockSaga(saga.id);
          if (i % 2 === 0) await tx.tryLockIdempotencyKey(`key-${i}`);
          else await tx.now();
          if (i % 3 === 0) throw new Error(`run ${i} gives up`);
          return i;
        })
        .catch((error: Error) => error.message),
    );

    const results = await Promise.all(runs);

    expect(results.filter((r) => typeof r === 'string')).toEqual(['run 0 gives up', 'run 3 gives up', 'run 6 gives up', 'run 9 gives up']);
    expect(await store.transaction((tx) => tx.now())).toMatch(/^\d{4}-/);
  });
});
