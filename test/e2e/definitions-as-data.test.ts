import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderInput, Refusals } from '../support/order-fixtures.js';
import { startOrderSystem, type OrderSystem } from '../support/order-system.js';
import type { SagaClient } from '../support/saga-client.js';
import { eventually } from '../support/test-infrastructure.js';

/** Reserve and charge in parallel, wait for an approval, then ship only if the approver says so. */
const fulfilment = {
  name: 'approved-fulfilment',
  description: 'Reserve stock and charge in parallel, wait for approval, ship when approved.',
  inputSchema: { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } },
  steps: [
    {
      type: 'parallel',
      name: 'prepare',
      branches: [
        {
          name: 'stock',
          steps: [{ name: 'reserve-inventory', participant: 'inventory', command: 'reserve-inventory', compensation: 'release-inventory' }],
        },
        { name: 'money', steps: [{ name: 'charge-payment', participant: 'payment', command: 'charge-payment', compensation: 'refund-payment' }] },
      ],
    },
    { type: 'wait', name: 'approval', signal: 'approved', timeoutMs: 60_000 },
    {
      type: 'choice',
      name: 'ship-or-hold',
      choices: [
        {
          name: 'ship',
          when: { '==': [{ var: 'outputs.approval.ship' }, true] },
          steps: [
            {
              name: 'create-shipment',
              participant: 'shipping',
              command: 'create-shipment',
              compensation: 'cancel-shipment',
              input: { input: { var: 'input' }, approvedBy: { var: 'outputs.approval.by' } },
            },
          ],
        },
      ],
      otherwise: { name: 'hold', steps: [] },
    },
  ],
  output: { approvedBy: { var: 'outputs.approval.by' }, shipment: { var: 'outputs.create-shipment' } },
};

const TERMINAL = ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'];

describe('definitions as data, end to end', () => {
  let system: OrderSystem;
  let client: SagaClient;

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${client.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  };
  const stepsOf = (saga: any) => Object.fromEntries(saga.steps.map((step: any) => [step.name, step.status]));
  const waitingFor = (id: string, step: string) =>
    eventually(
      async () => {
        const { body } = await client.get(id);
        return body.steps.find((s: any) => s.name === step)?.status === 'RUNNING' ? body : undefined;
      },
      { timeoutMs: 30_000, what: `${step} to be running` },
    );
  const rowOf = (table: string, orderId: string) => system.rowsOf(table, orderId);

  beforeAll(async () => {
    system = await startOrderSystem('saga_e2e_definitions');
    ({ client } = system);
    const registered = await post('/v1/definitions', fulfilment);
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('serves the definition schema and explains every problem of a bad definition with a pointer', async () => {
    const schema = await client.json('/v1/definitions/schema');
    expect(schema.body.$defs.parallel.properties.type).toEqual({ const: 'parallel' });
    const bad = {
      name: 'bad',
      steps: [
        { name: 'a', participant: 'inventory', command: 'reserve-inventory' },
        { type: 'wait', name: 'a', signal: 'go', timeoutMs: 5 },
      ],
    };
    const checked = await post('/v1/definitions/validate', bad);
    expect(checked.body).toEqual({
      valid: false,
      errors: [
        { pointer: '/steps/1/name', message: 'The step name "a" is already used at /steps/0.' },
        { pointer: '/steps/0/compensation', message: 'Step "a" is compensatable, so it needs a compensation command.' },
      ],
    });
    const refused = await post('/v1/definitions', bad);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual(checked.body.errors);
    const unknownField = await post('/v1/definitions', { ...fulfilment, colour: 'blue' });
    expect([unknownField.status, unknownField.body.errors]).toEqual([422, [{ pointer: '/colour', message: 'must NOT have additional properties' }]]);
  });

  it('answers a stored definition once, as a body that registers again as the same version', async () => {
    const stored = (await client.json('/v1/definitions/approved-fulfilment/versions/1')).body;
    expect(stored).not.toHaveProperty('definition');
    expect(stored).toMatchObject({
      name: fulfilment.name,
      version: 1,
      description: fulfilment.description,
      inputSchema: fulfilment.inputSchema,
      output: fulfilment.output,
    });
    expect(stored.steps.map((node: any) => node.name)).toEqual(['prepare', 'approval', 'ship-or-hold']);
    // Defaults filled in where the body left them out.
    expect(stored.steps[0].branches[1].steps[0]).toMatchObject({
      type: 'step',
      kind: 'compensatable',
      timeoutMs: expect.any(Number),
      retry: expect.any(Object),
    });
    expect((await client.json('/v1/definitions/approved-fulfilment')).body).toEqual(stored);
    const { createdAt, ...document } = stored;
    expect(Date.parse(createdAt)).not.toBeNaN();
    const again = await post('/v1/definitions', document);
    expect([again.status, again.body]).toEqual([200, stored]);
  });

  it('runs both branches, suspends until the signal, takes the chosen branch and completes', async () => {
    const input = orderInput();
    const started = await client.start(input, { definition: fulfilment.name });
    expect(started.status).toBe(202);
    const waiting = await waitingFor(started.body.id, 'approval');
    expect(stepsOf(waiting)).toMatchObject({
      prepare: 'SUCCEEDED',
      'reserve-inventory': 'SUCCEEDED',
      'charge-payment': 'SUCCEEDED',
      approval: 'RUNNING',
    });
    expect(waiting.steps.find((s: any) => s.name === 'charge-payment').parent).toEqual({ node: 'prepare', branch: 'money' });

    const signalled = await post(`/v1/sagas/${started.body.id}/signals/approved`, { ship: true, by: 'ann' });
    expect(signalled.status).toBe(202);
    const again = await post(`/v1/sagas/${started.body.id}/signals/approved`, { ship: true });
    expect(again.status).toBe(409);

    const saga = await client.waitFor(started.body.id, TERMINAL);
    expect(saga.status).toBe('COMPLETED');
    expect(saga.steps.find((s: any) => s.name === 'ship-or-hold').branch).toBe('ship');
    expect(saga.output).toMatchObject({ approvedBy: 'ann' });
    expect((await rowOf('shipping.shipments', input.orderId)).map((r) => r.status)).toEqual(['CREATED']);
    const types = (await client.events(saga.id)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['BranchesForked', 'BranchesJoined', 'WaitStarted', 'SignalReceived', 'ChoiceMade', 'SagaCompleted']),
    );
  });

  it('compensates the branch that succeeded when the other branch is refused, and never waits', async () => {
    const input = Refusals.payment();
    const { body } = await client.start(input, { definition: fulfilment.name });
    const saga = await client.waitFor(body.id, TERMINAL);
    expect(saga.status).toBe('COMPENSATED');
    expect(stepsOf(saga)).toMatchObject({
      'reserve-inventory': 'COMPENSATED',
      'charge-payment': 'FAILED',
      approval: 'SKIPPED',
      'create-shipment': 'SKIPPED',
    });
    expect((await rowOf('inventory.reservations', input.orderId)).map((r) => r.status)).toEqual(['RELEASED']);
  });

  it('undoes both branches when cancelled during the wait', async () => {
    const input = orderInput();
    const { body } = await client.start(input, { definition: fulfilment.name });
    await waitingFor(body.id, 'approval');
    expect((await post(`/v1/sagas/${body.id}/cancel`, { reason: 'no approver' })).status).toBe(202);
    const saga = await client.waitFor(body.id, TERMINAL);
    expect(saga.status).toBe('COMPENSATED');
    expect(stepsOf(saga)).toMatchObject({ 'reserve-inventory': 'COMPENSATED', 'charge-payment': 'COMPENSATED', approval: 'SKIPPED' });
    expect((await rowOf('payment.charges', input.orderId)).map((r) => r.status)).toEqual(['REFUNDED']);
  });

  it('keeps running sagas on version 1 while new ones start on version 2', async () => {
    const v1 = {
      name: 'versioned',
      steps: [
        { name: 'reserve-inventory', participant: 'inventory', command: 'reserve-inventory', compensation: 'release-inventory' },
        { type: 'wait', name: 'go', signal: 'go', timeoutMs: 60_000 },
      ],
    };
    const v2 = {
      ...v1,
      steps: [...v1.steps, { name: 'create-shipment', participant: 'shipping', command: 'create-shipment', compensation: 'cancel-shipment' }],
    };
    expect((await post('/v1/definitions', v1)).body.version).toBe(1);
    const first = await client.start(orderInput(), { definition: 'versioned' });
    await waitingFor(first.body.id, 'go');

    const second = await post('/v1/definitions', v2);
    expect([second.status, second.body.version, second.headers.get('location')]).toEqual([201, 2, '/v1/definitions/versioned/versions/2']);
    const repost = await post('/v1/definitions', v2);
    expect([repost.status, repost.body.version]).toEqual([200, 2]);
    expect((await post('/v1/definitions', { ...v1, version: 1, description: 'changed' })).status).toBe(409);
    expect((await client.json('/v1/definitions/versioned/versions/1')).body.steps.map((s: any) => s.name)).toEqual(['reserve-inventory', 'go']);

    const later = await client.start(orderInput(), { definition: 'versioned' });
    expect(later.body.version).toBe(2);
    await waitingFor(later.body.id, 'go');

    await post(`/v1/sagas/${first.body.id}/signals/go`, {});
    await post(`/v1/sagas/${later.body.id}/signals/go`, {});
    const [done1, done2] = await Promise.all([client.waitFor(first.body.id, TERMINAL), client.waitFor(later.body.id, TERMINAL)]);
    expect([done1.status, done1.version, done1.steps.map((s: any) => s.name)]).toEqual(['COMPLETED', 1, ['reserve-inventory', 'go']]);
    expect([done2.status, done2.version, done2.steps.map((s: any) => s.name)]).toEqual([
      'COMPLETED',
      2,
      ['reserve-inventory', 'go', 'create-shipment'],
    ]);
  });
});
