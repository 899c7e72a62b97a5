import { randomUUID } from 'node:crypto';
import amqplib from 'amqplib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Topology } from '@saga-coordinator/contracts';
import { StepResult } from '@saga-coordinator/participant';
import { defineSaga } from '../../src/saga-engine/definition/saga-definition.builder.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';
import { startCoordinatorWithDefinitions, type RunningCoordinator } from './fixtures/coordinator-with-definitions.js';
import { parsePrometheusText, type PrometheusSample, sampleValue } from './fixtures/prometheus-text.js';
import { Gate, startTestParticipant, type TestParticipant } from './fixtures/test-participant.js';

const PARTICIPANT = 'metrics-desk';
const DEFINITION = 'metrics-test';
const FINAL = ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'];
const quick = { initialDelayMs: 50, maxDelayMs: 50, backoffCoefficient: 1, jitter: 0 };

/** reserve → charge; the input decides what each handler does. */
const definition = defineSaga(DEFINITION)
  .version(1)
  .input({
    type: 'object',
    properties: {
      key: { type: 'string' },
      flaky: { type: 'boolean' },
      refuse: { type: 'boolean' },
      breakRelease: { type: 'boolean' },
      hold: { type: 'boolean' },
    },
    required: ['key'],
    additionalProperties: false,
  })
  .step('reserve', (s) =>
    s
      .participant(PARTICIPANT)
      .command('reserve')
      .compensation('release')
      .timeout(30_000)
      .retry({ maxAttempts: 1 })
      .compensationRetry({ maxAttempts: 2, ...quick }),
  )
  .step('charge', (s) =>
    s
      .participant(PARTICIPANT)
      .command('charge')
      .compensation('refund')
      .timeout(30_000)
      .retry({ maxAttempts: 3, ...quick }),
  )
  .build();

interface MetricsInput {
  key: string;
  /** charge throws once, then succeeds (one retry). */
  flaky?: boolean;
  /** charge refuses (business failure: compensation). */
  refuse?: boolean;
  /** release always throws (compensation spends its budget). */
  breakRelease?: boolean;
  /** reserve waits at the gate (the saga stays in flight). */
  hold?: boolean;
}

/**
 * Metrics and health of a real coordinator process after a run of sagas that complete, retry,
 * compensate, fail to compensate and stay in flight, plus a malformed reply.
 */
describe('observability end to end', () => {
  let infra: TestInfrastructure;
  let coordinator: RunningCoordinator;
  let participant: TestParticipant;
  let db: pg.Pool;
  const hold = new Gate();
  const chargeCalls = new Map<string, number>();
  const sagaIds: string[] = [];
  let samples: PrometheusSample[];
  let scrape: string;

  const inputOf = (command: { payload: unknown }): MetricsInput => (command.payload as { input: MetricsInput }).input;

  beforeAll(async () => {
    infra = await createTestInfrastructure('saga_e2e_observability');
    coordinator = await startCoordinatorWithDefinitions(infra, [definition]);
    db = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
    participant = await startTestParticipant(infra, PARTICIPANT, (p) =>
      p
        .handle('reserve', async (command) => {
          if (inputOf(command).hold) await hold.pass();
          return StepResult.succeeded({ reserved: true });
        })
        .compensate('release', async (command) => {
          if (inputOf(command).breakRelease) throw new Error('warehouse offline');
          return StepResult.compensated();
        })
        .handle('charge', async (command) => {
          const input = inputOf(command);
          const calls = (chargeCalls.get(input.key) ?? 0) + 1;
          chargeCalls.set(input.key, calls);
          if (input.flaky && calls === 1) throw new Error('card network timeout');
          return input.refuse ? StepResult.failed('declined', 'card declined') : StepResult.succeeded({ charged: true });
        })
        .compensate('refund', async () => StepResult.compensated()),
    );

    const run = async (input: Omit<MetricsInput, 'key'>, expected: string) => {
      const { status, body } = await coordinator.client.start({ key: randomUUID(), ...input }, { definition: DEFINITION });
      expect(status).toBe(202);
      sagaIds.push(body.id);
      const saga = await coordinator.client.waitFor(body.id, FINAL);
      expect(saga.status).toBe(expected);
    };
    await run({ flaky: true }, 'COMPLETED');
    await run({ refuse: true }, 'COMPENSATED');
    await run({ refuse: true, breakRelease: true }, 'COMPENSATION_FAILED');
    const held = await coordinator.client.start({ key: randomUUID(), hold: true }, { definition: DEFINITION });
    sagaIds.push(held.body.id);
    await eventually(async () => (hold.arrivals > 0 ? true : undefined), { what: 'the held saga to reach its participant' });
    await publishMalformedReply(infra.rabbitmqUrl);

    // Counters move after commit, the dead letter asynchronously: scrape until everything is in.
    ({ scrape, samples } = await eventually(
      async () => {
        const text = await (await fetch(`${coordinator.baseUrl}/metrics`)).text();
        const parsed = parsePrometheusText(text);
        const done =
          sampleValue(parsed, 'saga_messages_dead_lettered_total', { cause: 'malformed' }) === 1 &&
          sampleValue(parsed, 'saga_outbox_backlog_messages') === 0;
        return done ? { scrape: text, samples: parsed } : undefined;
      },
      { timeoutMs: 20_000, what: 'the metrics to show the run' },
    ));
  });

  afterAll(async () => {
    hold.open();
    await participant?.stop();
    await coordinator?.process.stop();
    await db?.end();
    await infra?.dispose();
  });

  const metric = (name: string, labels: Record<string, string> = {}) => sampleValue(samples, name, labels);
  const ofDefinition = { definition: DEFINITION };

  it('counts sagas started, completed, compensated and stuck in compensation per definition', () => {
    expect(metric('saga_started_total', ofDefinition)).toBe(4);
    expect(metric('saga_completed_total', ofDefinition)).toBe(1);
    expect(metric('saga_compensated_total', ofDefinition)).toBe(1);
    expect(metric('saga_compensation_failed_total', ofDefinition)).toBe(1);
  });

  it('shows the sagas in flight by status, read from the database', () => {
    expect(metric('saga_in_flight', { ...ofDefinition, status: 'RUNNING' })).toBe(1);
    expect(metric('saga_in_flight', { ...ofDefinition, status: 'COMPENSATION_FAILED' })).toBe(1);
    expect(metric('saga_in_flight', { ...ofDefinition, status: 'COMPENSATING' })).toBeUndefined();
  });

  it('times each step and compensation per step and outcome', () => {
    const steps = 'saga_step_duration_seconds_count';
    expect(metric(steps, { ...ofDefinition, step: 'reserve', outcome: 'succeeded' })).toBe(3);
    expect(metric(steps, { ...ofDefinition, step: 'charge', outcome: 'succeeded' })).toBe(1);
    expect(metric(steps, { ...ofDefinition, step: 'charge', outcome: 'failed' })).toBe(2);
    const compensations = 'saga_compensation_duration_seconds_count';
    expect(metric(compensations, { ...ofDefinition, step: 'reserve', outcome: 'compensated' })).toBe(1);
    expect(metric(compensations, { ...ofDefinition, step: 'reserve', outcome: 'failed' })).toBe(1);
    expect(metric('saga_step_duration_seconds_bucket', { ...ofDefinition, step: 'charge', outcome: 'succeeded', le: '+Inf' })).toBe(1);
  });

  it('measures schedule-to-start for every answered command and the reply consumer lag', () => {
    // reserve ×3 answered (the held one has not replied), charge 3 + 1 retry, release 1 + 2 attempts.
    expect(metric('saga_step_schedule_to_start_seconds_count', { ...ofDefinition, step: 'reserve', kind: 'execute' })).toBe(3);
    expect(metric('saga_step_schedule_to_start_seconds_count', { ...ofDefinition, step: 'charge', kind: 'execute' })).toBe(4);
    expect(metric('saga_step_schedule_to_start_seconds_count', { ...ofDefinition, step: 'reserve', kind: 'compensate' })).toBe(3);
    expect(metric('saga_reply_consumer_lag_seconds_count', { result: 'applied' })).toBe(10);
    expect(metric('saga_reply_consumer_lag_seconds_sum', { result: 'applied' })).toBeGreaterThanOrEqual(0);
  });

  it('counts retries per step and kind', () => {
    expect(metric('saga_step_retries_total', { ...ofDefinition, step: 'charge', kind: 'execute' })).toBe(1);
    expect(metric('saga_step_retries_total', { ...ofDefinition, step: 'reserve', kind: 'compensate' })).toBe(1);
  });

  it('reports the outbox backlog, the age of its oldest row and dead-lettered messages', () => {
    expect(metric('saga_outbox_backlog_messages')).toBe(0);
    expect(metric('saga_outbox_oldest_unsent_age_seconds')).toBe(0);
    expect(metric('saga_messages_dead_lettered_total', { cause: 'malformed' })).toBe(1);
  });

  it('never puts a saga id in a label', () => {
    for (const id of sagaIds) expect(scrape).not.toContain(id);
  });

  it('puts the saga id on the log line of the request that started the saga', () => {
    const lines = coordinator.process.log
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; sagaId?: string; res?: { headers?: Record<string, string> } });
    const started = lines.filter((line) => line.msg === 'request completed' && line.res?.headers?.location?.startsWith('/v1/sagas/'));

    expect(started.map((line) => line.sagaId)).toEqual(sagaIds);
    expect(started.map((line) => line.res?.headers?.location)).toEqual(sagaIds.map((id) => `/v1/sagas/${id}`));
  });

  it('keeps /metrics out of the OpenAPI document', async () => {
    const document = (await (await fetch(`${coordinator.baseUrl}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).some((path) => path.startsWith('/metrics') || path.startsWith('/health'))).toBe(false);
  });

  it('is live, and ready while PostgreSQL and RabbitMQ answer', async () => {
    expect((await fetch(`${coordinator.baseUrl}/health/live`)).status).toBe(200);
    const ready = await fetch(`${coordinator.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      details: { postgres: { status: 'up' }, rabbitmq: { status: 'up' }, outbox: { status: 'up' } },
    });
  });

  it('reports a stale outbox as degraded while still answering 200', async () => {
    // A row a dead replica leased a minute ago: the relay skips it until the lease runs out.
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO outbox_message (message_id, exchange, routing_key, type, correlation_id, headers, payload, created_at, leased_until)
       VALUES ($1, 'saga.commands', 'nobody.nothing', 'saga.ExecuteStep', $2, '{}', '{}', now() - interval '1 minute', now() + interval '1 hour')
       RETURNING id::text`,
      [`stale:${randomUUID()}`, randomUUID()],
    );
    try {
      const ready = await fetch(`${coordinator.baseUrl}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'degraded', details: { outbox: { status: 'degraded', unsent: 1 } } });
      const text = await eventually(
        async () => {
          const body = await (await fetch(`${coordinator.baseUrl}/metrics`)).text();
          return sampleValue(parsePrometheusText(body), 'saga_outbox_backlog_messages') === 1 ? body : undefined;
        },
        { what: 'the backlog gauge to see the stale row' },
      );
      expect(sampleValue(parsePrometheusText(text), 'saga_outbox_oldest_unsent_age_seconds')).toBeGreaterThanOrEqual(59);
    } finally {
      await db.query('DELETE FROM outbox_message WHERE id = $1', [rows[0]!.id]);
    }
  });
});

/** A reply that is not JSON: the coordinator must dead-letter it (and count it). */
async function publishMalformedReply(rabbitmqUrl: string): Promise<void> {
  const connection = await amqplib.connect(rabbitmqUrl);
  try {
    const channel = await connection.createConfirmChannel();
    channel.publish(Topology.repliesExchange, Topology.replyRoutingKey, Buffer.from('not json'), {
      messageId: `garbage-${randomUUID()}`,
      type: 'saga.StepReplied',
      persistent: true,
    });
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
}
