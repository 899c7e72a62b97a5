import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DefinitionCatalogService } from '../../../src/orchestration/definitions/definition-catalog.service.js';
import { InvalidSagaDefinitionError } from '../../../src/orchestration/errors/invalid-saga-definition.error.js';
import { SignalNotAwaitedError } from '../../../src/orchestration/errors/operator-refusals.js';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import { InboundMessageHandler } from '../../../src/runtime/inbound/inbound-message-handler.port.js';
import { TimerScheduler } from '../../../src/runtime/timers/timer-scheduler.service.js';
import { createTestInfrastructure, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { createOrchestrationTestApp, sqlClient } from './support/orchestration-test-app.js';

const step = (name: string) => ({ name, participant: 'p', command: name, compensation: `undo-${name}`, timeoutMs: 60_000 });
const waiting = {
  name: 'waiting',
  steps: [
    step('first'),
    { type: 'wait', name: 'approval', signal: 'approved', timeoutMs: 60_000 },
    { type: 'delay', name: 'pause', delayMs: 60_000 },
    step('last'),
  ],
};

describe('definitions registered as data, and durable waits and delays', () => {
  let infra: TestInfrastructure;
  let app: INestApplication;
  let sql: pg.Client;
  let sagas: SagaService;
  let catalog: DefinitionCatalogService;

  beforeAll(async () => {
    infra = await createTestInfrastructure('orch_definitions');
    ({ app } = await createOrchestrationTestApp(infra.databaseUrl, []));
    sql = await sqlClient(infra.databaseUrl);
    sagas = app.get(SagaService);
    catalog = app.get(DefinitionCatalogService);
  });
  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await infra?.dispose();
  });

  const expireTimers = (sagaId: string) => sql.query(`UPDATE saga_timer SET due_at = now() - interval '1 second' WHERE saga_id = $1`, [sagaId]);
  const succeed = (sagaId: string, stepName: string) =>
    app.get(InboundMessageHandler).handleReply({
      messageId: `${sagaId}:${stepName}:reply`,
      sagaId,
      step: stepName,
      participant: 'p',
      kind: 'execute',
      attempt: 1,
      outcome: 'succeeded',
      output: { done: stepName },
      repliedAt: new Date().toISOString(),
    } as never);
  const status = async (id: string) => Object.fromEntries((await sagas.get(id)).steps.map((s) => [s.name, s.status]));

  it('gives concurrent registrations of different bodies distinct versions, and identical ones the same', async () => {
    const bodies = [1, 2, 3].map((n) => ({ name: 'racing', description: `body ${n}`, steps: [step('only')] }));
    const results = await Promise.all([...bodies, ...bodies].map((body) => catalog.registerJson(body)));
    const versionOf = (description: string) =>
      new Set(results.filter((r) => r.stored.definition.description === description).map((r) => r.stored.definition.version));
    expect([versionOf('body 1').size, versionOf('body 2').size, versionOf('body 3').size]).toEqual([1, 1, 1]);
    expect(new Set(results.map((r) => r.stored.definition.version))).toEqual(new Set([1, 2, 3]));
  });

  it('refuses an invalid definition with every problem and stores nothing', async () => {
    const bad = { name: 'broken', steps: [step('a'), { ...step('a'), kind: 'pivot' }] };
    await expect(catalog.registerJson(bad)).rejects.toBeInstanceOf(InvalidSagaDefinitionError);
    await expect(catalog.registerJson(bad)).rejects.toMatchObject({
      problems: [
        { pointer: '/steps/1/name', message: 'The step name "a" is already used at /steps/0.' },
        { pointer: '/steps/1/compensation', message: 'Step "a" is a pivot, so it is never undone and cannot have a compensation.' },
      ],
    });
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM saga_definition WHERE name = 'broken'`);
    expect(rows[0].n).toBe(0);
  });

  it('keeps a waiting saga only as rows: a signal resumes it, the delay fires from the timer table', async () => {
    await catalog.registerJson(waiting);
    const { saga } = await sagas.start({ definition: 'waiting', input: {} });
    await succeed(saga.id, 'first');
    expect((await status(saga.id))['approval']).toBe('RUNNING');
    const { rows } = await sql.query('SELECT kind, step FROM saga_timer WHERE saga_id = $1 ORDER BY kind', [saga.id]);
    expect(rows).toContainEqual({ kind: 'wait-timeout', step: 'approval' });

    await sagas.signal(saga.id, 'approved', { by: 'ann' });
    await expect(sagas.signal(saga.id, 'approved', {})).rejects.toBeInstanceOf(SignalNotAwaitedError);
    expect(await status(saga.id)).toMatchObject({ approval: 'SUCCEEDED', pause: 'RUNNING', last: 'PENDING' });

    await expireTimers(saga.id);
    await app.get(TimerScheduler).fireDueTimers();
    expect(await status(saga.id)).toMatchObject({ pause: 'SUCCEEDED', last: 'RUNNING' });
  });

  it('fails a wait at its timeout and compensates what ran before it', async () => {
    const { saga } = await sagas.start({ definition: 'waiting', input: {} });
    await succeed(saga.id, 'first');
    await expireTimers(saga.id);
    await app.get(TimerScheduler).fireDueTimers();
    const view = await sagas.get(saga.id);
    expect([view.status, (await status(saga.id))['approval'], (await status(saga.id))['first']]).toEqual(['COMPENSATING', 'FAILED', 'COMPENSATING']);
    expect((await sagas.events(saga.id)).map((e) => e.type)).toContain('WaitTimedOut');
  });
});
