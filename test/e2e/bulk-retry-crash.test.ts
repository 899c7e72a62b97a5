import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepResult } from '@saga-coordinator/participant';
import { defineSaga } from '../../src/saga-engine/definition/saga-definition.builder.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';
import { startCoordinatorWithDefinitions, type RunningCoordinator } from './fixtures/coordinator-with-definitions.js';
import { postJson } from './fixtures/http.js';
import { startTestParticipant, type TestParticipant } from './fixtures/test-participant.js';

const PARTICIPANT = 'payments-desk';
const SAGAS = 1000;
/** Parallel starts. */
const START_CONCURRENCY = 25;
/** 1,000 starts and a tight progress poll are far beyond the default per-client rate limit. */
const COORDINATOR_ENV = { RATE_LIMIT_PER_KEY: '1000000' };

/** hold (compensatable, one compensation attempt) → charge, which the outage declines: the compensation of hold fails once and the saga waits for an operator. */
const definition = defineSaga('payment-outage')
  .version(1)
  .input({ type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false })
  .step('hold', (s) =>
    s
      .participant(PARTICIPANT)
      .command('hold')
      .compensation('release')
      .timeout(60_000)
      .retry({ maxAttempts: 1 })
      .compensationRetry({ maxAttempts: 1, initialDelayMs: 100, maxDelayMs: 100, backoffCoefficient: 1, jitter: 0 }),
  )
  .step('charge', (s) => s.participant(PARTICIPANT).command('charge').compensation('refund').timeout(60_000).retry({ maxAttempts: 1 }))
  .build();

interface Progress {
  status: string;
  matched: number;
  totals: { pending: number; done: number; skipped: number; cancelled: number };
}

/**
 * The acceptance of bulk operator actions: 1,000 sagas stuck in COMPENSATION_FAILED after a
 * payment outage, one bulk retry, the coordinator SIGKILLed halfway and started again: every saga
 * retried exactly once, progress resumed where it stopped, one audit row per saga.
 */
describe('bulk retry across a coordinator crash', () => {
  let infra: TestInfrastructure;
  let coordinator: RunningCoordinator;
  let participant: TestParticipant;
  let sql: pg.Client;
  /** The outage: while on, every `release` fails. */
  let outage = true;

  const progress = async (id: string): Promise<Progress> => (await coordinator.client.json(`/v1/bulk-operations/${id}`)).body as Progress;

  beforeAll(async () => {
    infra = await createTestInfrastructure('saga_e2e_bulk');
    coordinator = await startCoordinatorWithDefinitions(infra, [definition], COORDINATOR_ENV);
    participant = await startTestParticipant(infra, PARTICIPANT, (p) =>
      p
        .handle('hold', async () => StepResult.succeeded({ held: true }))
        .compensate('release', async () => {
          if (outage) throw new Error('payment provider down');
          return StepResult.compensated();
        })
        .handle('charge', async () => StepResult.failed('provider-down', 'payment provider down'))
        .compensate('refund', async () => StepResult.compensated()),
    );
    sql = new pg.Client({ connectionString: infra.databaseUrl });
    await sql.connect();
  }, 120_000);

  afterAll(async () => {
    await sql?.end();
    await participant?.stop();
    await coordinator?.process.stop();
    await infra?.dispose();
  });

  it('retries each of 1,000 COMPENSATION_FAILED sagas exactly once although the coordinator is SIGKILLed halfway', { timeout: 600_000 }, async () => {
    let next = 0;
    const startOne = async (): Promise<void> => {
      while (next < SAGAS) {
        const n = next++;
        const started = await coordinator.client.start({ n }, { definition: 'payment-outage' });
        expect(started.status, JSON.stringify(started.body)).toBe(202);
      }
    };
    await Promise.all(Array.from({ length: START_CONCURRENCY }, startOne));
    await eventually(
      async () => {
        const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM saga WHERE status = 'COMPENSATION_FAILED'`);
        return rows[0]!.n === SAGAS ? true : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 500, what: `${SAGAS} sagas in COMPENSATION_FAILED` },
    );
    outage = false;

    const filter = { status: 'COMPENSATION_FAILED', definition: 'payment-outage' };
    const dry = await postJson(coordinator.baseUrl, '/v1/bulk-operations', { action: 'retry', filter, dryRun: true });
    expect(dry).toMatchObject({ status: 200, body: { matched: SAGAS } });
    const created = await postJson(coordinator.baseUrl, '/v1/bulk-operations', { action: 'retry', filter, expectedCount: dry.body.matched });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    const id = created.body.id as string;

    // Kill it while the worker is midway (polled over REST, as an operator watches it).
    let seen: Progress;
    do {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await progress(id);
    } while (seen.totals.done < SAGAS / 4 && seen.totals.pending > 0);
    await coordinator.process.kill();
    const { rows: atKill } = await sql.query<{ outcome: string; n: number }>(
      `SELECT outcome, count(*)::int AS n FROM bulk_operation_item WHERE operation_id = $1 GROUP BY outcome`,
      [id],
    );
    const doneAtKill = atKill.find((row) => row.outcome === 'done')?.n ?? 0;
    expect(doneAtKill).toBeGreaterThan(0);
    expect(doneAtKill, 'the crash came before the operation finished').toBeLessThan(SAGAS);

    coordinator = await startCoordinatorWithDefinitions(infra, [definition], COORDINATOR_ENV, 'coordinator (restarted)');
    const resumed = await progress(id);
    expect(resumed.totals.done, 'progress resumes from where it stopped').toBeGreaterThanOrEqual(doneAtKill);
    const finished = await eventually(
      async () => {
        const now = await progress(id);
        return now.status === 'COMPLETED' ? now : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250, what: 'the bulk operation COMPLETED' },
    );
    expect(finished).toMatchObject({ matched: SAGAS, totals: { pending: 0, done: SAGAS, skipped: 0, cancelled: 0 } });

    // Exactly once: one operator retry in each saga's step log, one audit row per saga.
    const { rows: retries } = await sql.query<{ sagas: number; retries: number; most: number }>(
      `SELECT count(*)::int AS sagas, min(n)::int AS retries, max(n)::int AS most FROM (
         SELECT s.id, (SELECT count(*) FROM saga_event e WHERE e.saga_id = s.id AND e.type = 'SagaRetryRequested') AS n
         FROM saga s WHERE s.definition_name = 'payment-outage') per_saga`,
    );
    expect(retries[0]).toEqual({ sagas: SAGAS, retries: 1, most: 1 });
    const { rows: audit } = await sql.query<{ rows: number; targets: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT target)::int AS targets FROM audit_log WHERE action = 'saga.retry' AND detail = $1`,
      [`bulk operation ${id}`],
    );
    expect(audit[0]).toEqual({ rows: SAGAS, targets: SAGAS });
    // The figures docs/bulk-operations.md quotes: where the crash came, and the worker's pace (one coordinator).
    const { rows: pace } = await sql.query<{ before: number; after: number }>(
      `SELECT extract(epoch FROM max(done_at) FILTER (WHERE n <= $2) - min(done_at))::float8 AS before,
              extract(epoch FROM max(done_at) - min(done_at) FILTER (WHERE n > $2))::float8 AS after
       FROM (SELECT done_at, row_number() OVER (ORDER BY done_at) AS n FROM bulk_operation_item WHERE operation_id = $1) items`,
      [id, doneAtKill],
    );
    console.log(
      `bulk retry: ${doneAtKill} of ${SAGAS} done at the SIGKILL; ${(doneAtKill / pace[0]!.before).toFixed(0)} sagas/s before it, ` +
        `${((SAGAS - doneAtKill) / pace[0]!.after).toFixed(0)} sagas/s after the restart`,
    );
    // The retries went on to compensate every saga now that the outage is over.
    await eventually(
      async () => {
        const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM saga WHERE status = 'COMPENSATED'`);
        return rows[0]!.n === SAGAS ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: `${SAGAS} sagas COMPENSATED` },
    );
  });
});
