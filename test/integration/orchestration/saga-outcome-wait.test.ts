import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TooManyWaitersError } from '../../../src/orchestration/errors/too-many-waiters.error.js';
import { SagaOutcomeWaiter } from '../../../src/orchestration/outcomes/saga-outcome-waiter.service.js';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import type { SagaView } from '../../../src/orchestration/views/saga.view.js';
import { InboundMessageHandler } from '../../../src/runtime/inbound/inbound-message-handler.port.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { createOrchestrationTestApp, sqlClient } from './support/orchestration-test-app.js';
import { executeReply } from './support/replies.js';
import { twoStepDefinition } from './support/two-step.definition.js';

/**
 * Waiting for a saga to settle across two coordinator instances on one database: the waiter
 * sits on `waiting`, the replies are applied by `finishing`. The wake-up travels through
 * PostgreSQL LISTEN/NOTIFY only.
 */
describe('waiting for a saga to settle', () => {
  let infra: TestInfrastructure;
  let waiting: INestApplication;
  let finishing: INestApplication;
  let sql: pg.Client;

  beforeAll(async () => {
    infra = await createTestInfrastructure('orch_wait');
    ({ app: finishing } = await createOrchestrationTestApp(infra.databaseUrl, [twoStepDefinition]));
    ({ app: waiting } = await createOrchestrationTestApp(infra.databaseUrl, [twoStepDefinition], {
      WAIT_MAX_WAITERS: '150',
      WAIT_MAX_SECONDS: '30',
    }));
    sql = await sqlClient(infra.databaseUrl);
  });
  afterAll(async () => {
    await sql?.end();
    await waiting?.close();
    await finishing?.close();
    await infra?.dispose();
  });

  const start = async () => (await waiting.get(SagaService).start({ definition: 'two-step', input: { orderId: 'w', amount: 5 } })).saga;

  /** The other instance completes the saga: both steps succeed. */
  async function completeElsewhere(id: string): Promise<void> {
    const runtime = finishing.get(InboundMessageHandler);
    expect(await runtime.handleReply(executeReply(id, 'reserve', 'stock'))).toEqual({ kind: 'applied' });
    expect(await runtime.handleReply(executeReply(id, 'charge', 'bank'))).toEqual({ kind: 'applied' });
  }

  /** Waits on `waiting` for `saga`, counting the reads it makes. */
  function waitCounting(saga: SagaView, seconds: number, reads: { n: number }) {
    const sagas = waiting.get(SagaService);
    return waiting.get(SagaOutcomeWaiter).wait(
      seconds,
      async () => ({ saga }),
      (id) => {
        reads.n += 1;
        return sagas.get(id);
      },
    );
  }

  it('wakes 100 waiters when another instance completes their saga, with two reads each however long they wait', async () => {
    const saga = await start();
    const reads = { n: 0 };
    const waits = Array.from({ length: 100 }, () => waitCounting(saga, 20, reads));
    // Waiting costs nothing while the saga runs: no read after the one right after subscribing.
    await eventually(() => (reads.n === 100 ? true : undefined));
    await new Promise((r) => setTimeout(r, 1500));
    expect(reads.n).toBe(100);

    await completeElsewhere(saga.id);
    const outcomes = await Promise.all(waits);
    expect(outcomes.every((o) => o.settled && o.saga.status === 'COMPLETED')).toBe(true);
    expect(reads.n).toBe(200);
  });

  it('answers at once, after one read, when the saga settled before the waiter subscribed', async () => {
    const saga = await start();
    await completeElsewhere(saga.id);
    const reads = { n: 0 };
    const outcome = await waitCounting(saga, 20, reads);
    expect([outcome.settled, outcome.saga.status, reads.n]).toEqual([true, 'COMPLETED', 1]);
  });

  it('answers with the running saga when the wait is over', async () => {
    const saga = await start();
    const began = Date.now();
    const outcome = await waitCounting(saga, 1, { n: 0 });
    expect(Date.now() - began).toBeGreaterThanOrEqual(950);
    expect([outcome.settled, outcome.saga.status]).toEqual([false, 'RUNNING']);
  });

  it('re-checks its sagas when the LISTEN session comes back, so a notification sent while it was down is not lost', async () => {
    const saga = await start();
    const reads = { n: 0 };
    const wait = waitCounting(saga, 20, reads);
    await eventually(() => (reads.n === 1 ? true : undefined));
    const { rows } = await sql.query(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE query = 'LISTEN saga_settled' AND datname = current_database()`,
    );
    expect(rows.length).toBe(2); // one LISTEN session per instance
    await completeElsewhere(saga.id);
    const settledAt = Date.now();

    const outcome = await wait;
    expect([outcome.settled, outcome.saga.status]).toEqual([true, 'COMPLETED']);
    // Woken by the re-check after re-connecting, not by the end of its 20 s wait.
    expect(Date.now() - settledAt).toBeLessThan(5_000);
  });

  it('refuses a waiter beyond WAIT_MAX_WAITERS, before doing anything, and counts finished waits out', async () => {
    const saga = await start();
    const waits = Array.from({ length: 150 }, () => waitCounting(saga, 20, { n: 0 }));
    let firstRan = false;
    const refused = await waiting
      .get(SagaOutcomeWaiter)
      .wait(
        5,
        async () => {
          firstRan = true;
          return { saga };
        },
        async () => saga,
      )
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TooManyWaitersError);
    expect(firstRan).toBe(false);

    await completeElsewhere(saga.id);
    await Promise.all(waits);
    const again = await waitCounting(saga, 5, { n: 0 });
    expect(again.settled).toBe(true);
  });

  it('answers a waiting request with the saga as it is when its process shuts down', async () => {
    const { app: closing } = await createOrchestrationTestApp(infra.databaseUrl, [twoStepDefinition]);
    const saga = (await closing.get(SagaService).start({ definition: 'two-step', input: { orderId: 'w', amount: 5 } })).saga;
    const sagas = closing.get(SagaService);
    let reads = 0;
    const wait = closing.get(SagaOutcomeWaiter).wait(
      30,
      async () => ({ saga }),
      (id) => {
        reads += 1;
        return sagas.get(id);
      },
    );
    await eventually(() => (reads === 1 ? true : undefined));
    const began = Date.now();
    await closing.close();
    const outcome = await wait;
    expect([outcome.settled, outcome.saga.status]).toEqual([false, 'RUNNING']);
    expect(Date.now() - began).toBeLessThan(5_000);
  });
});
