import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepResult } from '@saga-coordinator/participant';
import { defineSaga } from '../../src/saga-engine/definition/saga-definition.builder.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';
import { startCoordinatorWithDefinitions, type RunningCoordinator } from './fixtures/coordinator-with-definitions.js';
import { queueStats } from './fixtures/rabbitmq-management.js';
import { startTestParticipant, type TestParticipant } from './fixtures/test-participant.js';

const FINAL = ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'];
const STEPS = ['one', 'two', 'three', 'four'] as const;

let builder = defineSaga('relay-saga').version(1).input({ type: 'object' });
for (const step of STEPS) {
  builder = builder.step(step, (s) => s.participant('relay').command(step).compensation(`undo-${step}`).timeout(30_000));
}
const definition = builder.build();

/**
 * Graceful shutdown of the real coordinator process: SIGTERM while sagas are moving stops
 * consumption, lets the work in flight commit and ack, exits 0 with a log line; another
 * coordinator then finishes every saga, none lost.
 */
describe('coordinator shutdown end to end', () => {
  let infra: TestInfrastructure;
  let participant: TestParticipant;
  const coordinators: RunningCoordinator[] = [];

  beforeAll(async () => {
    infra = await createTestInfrastructure('saga_e2e_shutdown');
    coordinators.push(await startCoordinatorWithDefinitions(infra, [definition], {}, 'coordinator-1'));
    participant = await startTestParticipant(infra, 'relay', (p) => {
      for (const step of STEPS) {
        p.handle(step, async () => {
          // Slow enough that sagas are mid-way when the signal comes.
          await new Promise((resolve) => setTimeout(resolve, 20));
          return StepResult.succeeded({ step });
        }).compensate(`undo-${step}`, async () => StepResult.compensated());
      }
      return p;
    });
  });

  afterAll(async () => {
    await participant?.stop();
    await Promise.all(coordinators.map((c) => c.process.stop()));
    await infra?.dispose();
  });

  it('stops on SIGTERM with exit code 0 after finishing its in-flight work, and loses no saga', async () => {
    const first = coordinators[0]!;
    const started = await Promise.all(Array.from({ length: 40 }, () => first.client.start({}, { definition: 'relay-saga' })));
    expect(started.every((s) => s.status === 202)).toBe(true);
    // Idle keep-alive sockets stay open longer than a client's own keep-alive (HTTP_KEEP_ALIVE_TIMEOUT_MS),
    // and the fetch sockets left idle here do not hold the shutdown back.
    const probe = await fetch(`${first.baseUrl}/health/live`);
    expect(probe.headers.get('keep-alive')).toBe('timeout=65');

    const exit = await first.process.stop(20_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(first.process.log).toContain('SIGTERM received');
    expect(first.process.log).toContain('saga-coordinator stopped cleanly');
    // It stopped consuming: no consumer remains on its queue (management stats lag a few seconds).
    await eventually(async () => ((await queueStats(infra, 'saga.replies')).consumers === 0 ? true : undefined), {
      timeoutMs: 15_000,
      intervalMs: 500,
      what: 'no consumer left on saga.replies',
    });
    // The signal really came mid-flight: some sagas were left for the next coordinator.
    const db = new pg.Client({ connectionString: infra.databaseUrl });
    await db.connect();
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM saga WHERE status = 'RUNNING'`).finally(() => db.end());
    expect(rows[0].n).toBeGreaterThan(0);

    const second = await startCoordinatorWithDefinitions(infra, [definition], {}, 'coordinator-2');
    coordinators.push(second);
    const finals = await Promise.all(started.map((s) => second.client.waitFor(s.body.id, FINAL, 60_000)));
    expect(finals.map((saga) => saga.status)).toEqual(started.map(() => 'COMPLETED'));
    for (const saga of finals) {
      const events = await second.client.events(saga.id);
      expect(events.filter((e) => e.type === 'StepSucceeded').map((e) => e.step)).toEqual([...STEPS]);
    }
  });
});
