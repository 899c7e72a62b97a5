import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderInput, Refusals } from '../support/order-fixtures.js';
import { SagaClient } from '../support/saga-client.js';
import { ServiceProcess, startCoordinator, startService } from '../support/service-processes.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';
import { postJson } from './fixtures/http.js';

const plainParticipant = resolve(import.meta.dirname, '../../examples/plain-amqplib/loyalty-participant.mjs');

/** An order-like saga: award loyalty points (the plain-amqplib participant), then charge (the SDK's payment example). */
const loyaltyOrder = {
  name: 'loyalty-order',
  steps: [
    { name: 'award-points', participant: 'loyalty', command: 'award-points', compensation: 'revoke-points', timeoutMs: 10_000 },
    { name: 'charge-payment', participant: 'payment', command: 'charge-payment', compensation: 'refund-payment', timeoutMs: 10_000 },
  ],
};

/**
 * The participant docs/participants.md includes verbatim, written in plain amqplib and pg from
 * the guide alone, takes part in sagas run by the coordinator: its execute, and its compensation
 * when a later step fails.
 */
describe('a participant in plain amqplib, from the guide', () => {
  let infra: TestInfrastructure;
  let client: SagaClient;
  let db: pg.Pool;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    infra = await createTestInfrastructure('saga_plain_amqplib');
    const env = { DATABASE_URL: infra.databaseUrl, RABBITMQ_URL: infra.rabbitmqUrl };
    const coordinator = await startCoordinator(env);
    services.push(coordinator.process);
    client = new SagaClient(coordinator.baseUrl);
    const child = spawn(process.execPath, [plainParticipant], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    services.push(new ServiceProcess('loyalty', child), startService('payment', env));
    db = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
    expect((await postJson(coordinator.baseUrl, '/v1/definitions', loyaltyOrder)).status).toBe(201);
    await eventually(
      async () => {
        const { body } = await client.json('/v1/participants');
        const names = (body as Array<{ name: string }>).map((participant) => participant.name).sort();
        return names.includes('loyalty') && names.includes('payment') ? names : undefined;
      },
      { timeoutMs: 60_000, what: 'loyalty and payment to announce themselves' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${services.map((s) => `--- ${s.name}\n${s.log.slice(-3000)}`).join('\n')}`);
    });
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await db?.end();
    await infra?.dispose();
  });

  const ledgerOf = async (sagaId: string) =>
    (await db.query('SELECT entry, points FROM loyalty.ledger WHERE saga_id = $1 ORDER BY id', [sagaId])).rows as Array<{
      entry: string;
      points: number;
    }>;

  it('announces its commands, including the conformance probe', async () => {
    const { body } = await client.json('/v1/participants');
    const loyalty = (body as Array<{ name: string; commands: string[]; compensations: string[] }>).find((p) => p.name === 'loyalty');
    expect(loyalty).toMatchObject({ commands: ['award-points', 'conformance-probe'], compensations: ['revoke-points'] });
  });

  it('executes its step in a saga that completes: points Σ quantity × unitPrice, awarded once', async () => {
    const started = await client.start(orderInput({ quantity: 3, unitPrice: 12.5 }), { definition: 'loyalty-order' });
    expect(started.status).toBe(202);
    const saga = await client.waitFor(started.body.id, ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED']);
    expect(saga.status).toBe('COMPLETED');
    expect(saga.steps.find((step: { name: string }) => step.name === 'award-points')).toMatchObject({
      status: 'SUCCEEDED',
      output: { customerId: 'customer-42', points: 37 },
    });
    expect(await ledgerOf(saga.id)).toEqual([{ entry: 'award', points: 37 }]);
  });

  it('compensates its step when the payment is declined: the points are revoked once', async () => {
    const started = await client.start(Refusals.payment(), { definition: 'loyalty-order' });
    const saga = await client.waitFor(started.body.id, ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED']);
    expect(saga.status).toBe('COMPENSATED');
    expect(saga.steps.map((step: { name: string; status: string }) => [step.name, step.status])).toEqual([
      ['award-points', 'COMPENSATED'],
      ['charge-payment', 'FAILED'],
    ]);
    expect(await ledgerOf(saga.id)).toEqual([
      { entry: 'award', points: 12_000 },
      { entry: 'revoke', points: -12_000 },
    ]);
    const events = (await client.events(saga.id)).map((event) => [event.type, event.step]);
    expect(events).toEqual([
      ['SagaStarted', null],
      ['StepStarted', 'award-points'],
      ['StepSucceeded', 'award-points'],
      ['StepStarted', 'charge-payment'],
      ['StepFailed', 'charge-payment'],
      ['CompensationStarted', 'award-points'],
      ['CompensationSucceeded', 'award-points'],
      ['SagaCompensated', null],
    ]);
  });
});
