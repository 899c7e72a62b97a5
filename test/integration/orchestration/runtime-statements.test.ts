import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import { type NamedStatement, PipelinedSession } from '../../../src/persistence/pipelined-session.js';
import { InboundMessageHandler } from '../../../src/runtime/inbound/inbound-message-handler.port.js';
import { TimerScheduler } from '../../../src/runtime/timers/timer-scheduler.service.js';
import { createTestInfrastructure, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { createOrchestrationTestApp, sqlClient } from './support/orchestration-test-app.js';
import { executeReply } from './support/replies.js';
import { twoStepDefinition } from './support/two-step.definition.js';

/** A statement as a runtime transaction sent it: its prepared name, else its first words. */
type Sent = string;

/**
 * What each kind of event costs the database, statement by statement, through the one runtime
 * entry point. A reply is the hot path (two round trips: BEGIN + lock + inbox, then the write +
 * COMMIT, pipelined); a refactoring that adds a query per event fails here before the benchmark
 * notices.
 */
describe('the runtime statements per event', () => {
  let infra: TestInfrastructure;
  let app: INestApplication;
  let sql: pg.Client;
  let sagas: SagaService;
  let sent: Sent[] = [];

  beforeAll(async () => {
    infra = await createTestInfrastructure('orch_statements');
    ({ app } = await createOrchestrationTestApp(infra.databaseUrl, [twoStepDefinition]));
    // Only the events below may speak to the database while statements are counted.
    await app.get(TimerScheduler).stop();
    sql = await sqlClient(infra.databaseUrl);
    sagas = app.get(SagaService);
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await infra?.dispose();
  });

  /** Runs `work` and returns the statements its runtime transactions sent (on the pipelined sessions). */
  async function statementsOf(work: () => Promise<unknown>): Promise<Sent[]> {
    sent = [];
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the session as `this`
    const original = PipelinedSession.prototype.query;
    vi.spyOn(PipelinedSession.prototype, 'query').mockImplementation(function (
      this: PipelinedSession,
      statement: NamedStatement | string,
      values?: readonly unknown[],
    ) {
      sent.push(typeof statement === 'string' ? statement.trim().split(/\s+/).slice(0, 3).join(' ') : statement.name);
      return original.call(this, statement, values);
    });
    await work();
    return sent;
  }

  it("applies a reply with BEGIN, the lock with its inbox row, the decision's write and COMMIT", async () => {
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 's-1', amount: 5 } });

    const statements = await statementsOf(() => app.get(InboundMessageHandler).handleReply(executeReply(saga.id, 'reserve', 'stock')));

    expect(statements).toEqual(['BEGIN', 'saga-lock-inbound', 'saga-update', 'COMMIT']);
  });

  it('answers a duplicate reply with the lock alone', async () => {
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 's-2', amount: 5 } });
    const reply = executeReply(saga.id, 'reserve', 'stock');
    await app.get(InboundMessageHandler).handleReply(reply);

    expect(await statementsOf(() => app.get(InboundMessageHandler).handleReply(reply))).toEqual(['BEGIN', 'saga-lock-inbound', 'COMMIT']);
  });

  it('fires a timer with its claim and delete, then the same lock and write as a reply', async () => {
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 's-3', amount: 5 } });
    await sql.query(`UPDATE saga_timer SET due_at = now() - interval '1 second' WHERE saga_id = $1`, [saga.id]);
    // Only this saga's timer is due.
    await sql.query(`UPDATE saga_timer SET due_at = now() + interval '1 hour' WHERE saga_id <> $1`, [saga.id]);

    const statements = await statementsOf(() => app.get(TimerScheduler).fireDueTimers(1));

    expect(statements).toEqual(['BEGIN', 'SELECT saga_id, kind,', 'DELETE FROM saga_timer', 'saga-lock-inbound', 'saga-update', 'COMMIT']);
  });

  it('applies an operator action with the row lock, the write and COMMIT (its audit row joins the write inside a request)', async () => {
    const { saga } = await sagas.start({ definition: 'two-step', input: { orderId: 's-4', amount: 5 } });

    expect(await statementsOf(() => sagas.cancel(saga.id))).toEqual(['BEGIN', 'saga-lock', 'saga-update', 'COMMIT']);
  });

  it('starts a saga with the clock and the latest version, its insert and COMMIT', async () => {
    expect(await statementsOf(() => sagas.start({ definition: 'two-step', input: { orderId: 's-5', amount: 5 } }))).toEqual([
      'BEGIN',
      'SELECT now() AS',
      'definition-latest-version',
      'saga-insert',
      'COMMIT',
    ]);
  });
});
