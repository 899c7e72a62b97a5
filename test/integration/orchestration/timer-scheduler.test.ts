import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import { TimerScheduler } from '../../../src/runtime/timers/timer-scheduler.service.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { createOrchestrationTestApp, sqlClient } from './support/orchestration-test-app.js';
import { twoStepDefinition } from './support/two-step.definition.js';

describe('the timer scheduler', () => {
  let infra: TestInfrastructure;
  let replicaA: INestApplication;
  let replicaB: INestApplication;
  let sql: pg.Client;
  let sagas: SagaService;

  beforeAll(async () => {
    infra = await createTestInfrastructure('orch_timers');
    ({ app: replicaA } = await createOrchestrationTestApp(infra.databaseUrl, [twoStepDefinition]));
    ({ app: replicaB } = await createOrchestrationTestApp(infra.databaseUrl, [twoStepDefinition]));
    sql = await sqlClient(infra.databaseUrl);
    sagas = replicaA.get(SagaService);
  });
  afterAll(async () => {
    await sql?.end();
    await replicaA?.close();
    await replicaB?.close();
    await infra?.dispose();
  });

  /** Makes the saga's timers due now on the database clock. */
  async function expireTimers(sagaId: string): Promise<void> {
    await sql.query(`UPDATE saga_timer SET due_at = now() - interval '1 second' WHERE saga_id = $1`, [sagaId]);
  }

  it('does not fire a timer before it is due', async () => {
    await sagas.start({ definition: 'two-step', input: { orderId: 't0', amount: 1 } });
    expect(await replicaA.get(TimerScheduler).fireDueTimers()).toBe(0);
  });

  it('fires a due timer exactly once even with two replicas polling at the same time', async () => {
    const ids = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => (await sagas.start({ definition: 'two-step', input: { orderId: `t${i}`, amount: 1 } })).saga.id),
    );
    for (const id of ids) await expireTimers(id);

    const [firedA, firedB] = await Promise.all([replicaA.get(TimerScheduler).fireDueTimers(), replicaB.get(TimerScheduler).fireDueTimers()]);

    expect(firedA + firedB).toBe(10);
    for (const id of ids) {
      const events = await sagas.events(id);
      expect(events.filter((e) => e.type === 'StepTimedOut')).toHaveLength(1);
      // The timeout was a technical problem with attempts left: a retry timer replaced it.
      const { rows } = await sql.query('SELECT kind, step, attempt FROM saga_timer WHERE saga_id = $1', [id]);
      expect(rows).toEqual([{ kind: 'step-retry', step: 'reserve', attempt: 1 }]);
    }
  });

  it('polls on its own and sends the retry when the backoff timer comes due', async () => {
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 'tp', amount: 1 } });
    await expireTimers(saga.id);
    const scheduler = replicaB.get(TimerScheduler);
    await scheduler.fireDueTimers();
    await expireTimers(saga.id);

    // The scheduler's own poll (interval from config) picks the retry timer up.
    const { app: polling } = await createOrchestrationTestApp(infra.databaseUrl, [twoStepDefinition], {
      TIMER_POLL_INTERVAL_MS: '20',
    });
    try {
      const outbox = await eventually(
        async () => {
          const { rows } = await sql.query('SELECT message_id FROM outbox_message WHERE message_id = $1', [`${saga.id}:reserve:execute:2`]);
          return rows.length === 1 ? rows : undefined;
        },
        { what: 'the second attempt in the outbox' },
      );
      expect(outbox).toHaveLength(1);
    } finally {
      await polling.close();
    }
    expect((await sagas.get(saga.id)).steps[0]?.attempts).toBe(2);
  });

  it('wakes for a timer this replica armed instead of sleeping out its longest sleep (60 s here)', async () => {
    const quick = {
      ...twoStepDefinition,
      name: 'quick-timeout',
      steps: twoStepDefinition.steps.map((step, index) => (index === 0 ? { ...step, timeoutMs: 300 } : step)),
    };
    const { app } = await createOrchestrationTestApp(infra.databaseUrl, [quick]);
    try {
      const service = app.get(SagaService);
      const started = Date.now();
      const { saga } = await service.start({ definition: 'quick-timeout', input: { orderId: 'wake', amount: 1 } });

      const types = await eventually(
        async () => {
          const logged = (await service.events(saga.id)).map((e) => e.type);
          return logged.includes('StepTimedOut') ? logged : undefined;
        },
        { what: 'the 300 ms step timeout fired', timeoutMs: 15_000 },
      );

      expect(types).toContain('StepTimedOut');
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await app.close();
    }
  });
});
