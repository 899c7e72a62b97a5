import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderInput, Refusals } from '../support/order-fixtures.js';
import { startOrderSystem, type OrderSystem } from '../support/order-system.js';
import type { SagaClient } from '../support/saga-client.js';

const orderFields = ['orderId', 'customerId', 'items', 'shippingAddress'];
/** The order input handed on unchanged to a child (each field read from the parent's input). */
const passOrder = Object.fromEntries(orderFields.map((field) => [field, { var: `input.${field}` }]));
const charge = { name: 'charge-payment', participant: 'payment', command: 'charge-payment', compensation: 'refund-payment' };

/** The payment as its own definition, started as a child saga. */
const payment = { name: 'child-payment', steps: [charge] };
/** A payment that then waits for a confirmation nobody sends: its parent times it out. */
const slowPayment = { name: 'child-slow-payment', steps: [charge, { type: 'wait', name: 'confirmation', signal: 'confirmed', timeoutMs: 600_000 }] };
const parent = (name: string, child: string, extra: Record<string, unknown> = {}) => ({
  name,
  steps: [
    { name: 'reserve-inventory', participant: 'inventory', command: 'reserve-inventory', compensation: 'release-inventory' },
    { type: 'child', name: 'pay', definition: { name: child }, input: passOrder, ...extra },
    { name: 'create-shipment', participant: 'shipping', command: 'create-shipment', compensation: 'cancel-shipment' },
  ],
});

const TERMINAL = ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'];

describe('child sagas, end to end with the example participants', () => {
  let system: OrderSystem;
  let client: SagaClient;

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${client.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const payStep = (saga: any) => saga.steps.find((step: any) => step.name === 'pay');
  const row = async (table: string, orderId: string) => (await system.rowsOf(table, orderId))[0] as Record<string, any> | undefined;

  beforeAll(async () => {
    system = await startOrderSystem('saga_e2e_children');
    ({ client } = system);
    for (const definition of [
      payment,
      slowPayment,
      parent('order-with-child', 'child-payment'),
      parent('order-with-slow-child', 'child-slow-payment', { timeoutMs: 1_500 }),
    ]) {
      const registered = await post('/v1/definitions', definition);
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    }
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('refuses a parent whose child definition is not registered, with the pointer', async () => {
    const refused = await post('/v1/definitions', parent('orphan', 'no-such-payment'));
    expect([refused.status, refused.body.errors]).toEqual([
      422,
      [{ pointer: '/steps/1/definition/name', message: 'Child step "pay" starts definition "no-such-payment", which is not registered.' }],
    ]);
  });

  it('completes the parent after its child saga completed, and links both ways', async () => {
    const input = orderInput();
    const { body } = await client.start(input, { definition: 'order-with-child' });
    const saga = await client.waitFor(body.id, TERMINAL);
    expect(saga.status).toBe('COMPLETED');
    const pay = payStep(saga);
    expect([pay.status, pay.kind, pay.child.definition, pay.child.status]).toEqual(['SUCCEEDED', 'compensatable', 'child-payment', 'COMPLETED']);
    const child = (await client.get(pay.child.sagaId)).body;
    expect([child.status, child.definition, child.parentSagaId, child.parentStep]).toEqual(['COMPLETED', 'child-payment', saga.id, 'pay']);
    expect([
      (await row('inventory.reservations', input.orderId))?.status,
      (await row('payment.charges', input.orderId))?.status,
      (await row('shipping.shipments', input.orderId))?.status,
    ]).toEqual(['RESERVED', 'CHARGED', 'CREATED']);
    const types = (await client.events(saga.id)).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['ChildSagaStarted', 'ChildSagaCompleted', 'SagaCompleted']));
  });

  it('compensates the completed child (the refund) before releasing the stock when shipping refuses', async () => {
    const input = Refusals.shipping();
    const { body } = await client.start(input, { definition: 'order-with-child' });
    const saga = await client.waitFor(body.id, TERMINAL);
    expect(saga.status).toBe('COMPENSATED');
    const pay = payStep(saga);
    expect([pay.status, pay.child.status]).toEqual(['COMPENSATED', 'COMPENSATED']);
    expect((await client.get(pay.child.sagaId)).body.status).toBe('COMPENSATED');
    const charged = await row('payment.charges', input.orderId);
    const reserved = await row('inventory.reservations', input.orderId);
    expect([charged?.status, reserved?.status]).toEqual(['REFUNDED', 'RELEASED']);
    expect(new Date(charged!.refunded_at).getTime()).toBeLessThanOrEqual(new Date(reserved!.released_at).getTime());
    const types = (await client.events(saga.id)).map((event) => `${event.type}${event.step ? ` ${event.step}` : ''}`);
    expect(types.indexOf('ChildSagaCompensated pay')).toBeLessThan(types.indexOf('CompensationStarted reserve-inventory'));
  });

  it('compensates the parent when the child fails (it undid itself: nothing to refund)', async () => {
    const input = Refusals.payment();
    const { body } = await client.start(input, { definition: 'order-with-child' });
    const saga = await client.waitFor(body.id, TERMINAL);
    expect(saga.status).toBe('COMPENSATED');
    const pay = payStep(saga);
    expect([pay.status, pay.error.code, pay.child.status, pay.compensation]).toEqual(['FAILED', 'payment-declined', 'COMPENSATED', null]);
    expect((await client.get(pay.child.sagaId)).body.status).toBe('COMPENSATED');
    expect([(await row('inventory.reservations', input.orderId))?.status, await row('payment.charges', input.orderId)]).toEqual([
      'RELEASED',
      undefined,
    ]);
    expect(await row('shipping.shipments', input.orderId)).toBeUndefined();
  });

  it('times out a child that does not finish: the child is cancelled and refunds, then the stock is released', async () => {
    const input = orderInput();
    const { body } = await client.start(input, { definition: 'order-with-slow-child' });
    const saga = await client.waitFor(body.id, TERMINAL);
    expect(saga.status).toBe('COMPENSATED');
    const pay = payStep(saga);
    expect([pay.status, pay.error.code]).toEqual(['COMPENSATED', 'child-saga-timeout']);
    const child = (await client.get(pay.child.sagaId)).body;
    expect([child.status, child.steps.map((step: any) => step.status)]).toEqual(['COMPENSATED', ['COMPENSATED', 'SKIPPED']]);
    const charged = await row('payment.charges', input.orderId);
    const reserved = await row('inventory.reservations', input.orderId);
    expect([charged?.status, reserved?.status]).toEqual(['REFUNDED', 'RELEASED']);
    expect(new Date(charged!.refunded_at).getTime()).toBeLessThanOrEqual(new Date(reserved!.released_at).getTime());
  });
});
