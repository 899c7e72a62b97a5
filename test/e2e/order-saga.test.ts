import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderInput, Refusals } from '../support/order-fixtures.js';
import { installParticipantLedger, readLedger } from '../support/participant-ledger.js';
import { startOrderSystem, type OrderSystem } from '../support/order-system.js';
import type { SagaClient } from '../support/saga-client.js';

/**
 * The whole system as a user runs it: the coordinator and the three example participants as
 * separate processes on a real PostgreSQL and RabbitMQ, driven over HTTP.
 */
describe('order saga end to end', () => {
  let system: OrderSystem;
  let client: SagaClient;
  let db: pg.Pool;

  beforeAll(async () => {
    system = await startOrderSystem('saga_e2e');
    ({ client, db } = system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const rowOf = (table: string, orderId: string) => system.rowsOf(table, orderId);

  it('says once that the participants share its broker user (guest here), like AUTH DISABLED', () => {
    const coordinatorLog = system.services[0]!.log;
    expect(coordinatorLog.match(/SHARED BROKER USER: participants publish as broker user guest,/g)).toHaveLength(1);
  });

  it('completes an order: every step succeeds once and each participant holds its effect', async () => {
    const input = orderInput();
    const started = await client.start(input);
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/v1/sagas/${started.body.id}`);

    const saga = await client.waitFor(started.body.id, ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED']);
    expect(saga.status).toBe('COMPLETED');
    expect(saga.steps.map((s: any) => [s.name, s.status])).toEqual([
      ['reserve-inventory', 'SUCCEEDED'],
      ['charge-payment', 'SUCCEEDED'],
      ['create-shipment', 'SUCCEEDED'],
    ]);
    expect((await rowOf('inventory.reservations', input.orderId)).map((r) => r.status)).toEqual(['RESERVED']);
    expect((await rowOf('payment.charges', input.orderId)).map((r) => r.status)).toEqual(['CHARGED']);
    expect((await rowOf('shipping.shipments', input.orderId)).map((r) => r.status)).toEqual(['CREATED']);

    const events = await client.events(saga.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.type)).toEqual([
      'SagaStarted',
      'StepStarted',
      'StepSucceeded',
      'StepStarted',
      'StepSucceeded',
      'StepStarted',
      'StepSucceeded',
      'SagaCompleted',
    ]);
  });

  it('releases the inventory when the payment is declined', async () => {
    const input = Refusals.payment();
    const { body } = await client.start(input);
    const saga = await client.waitFor(body.id, ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED']);

    expect(saga.status).toBe('COMPENSATED');
    expect(saga.steps.map((s: any) => [s.name, s.status])).toEqual([
      ['reserve-inventory', 'COMPENSATED'],
      ['charge-payment', 'FAILED'],
      ['create-shipment', 'SKIPPED'],
    ]);
    expect((await rowOf('inventory.reservations', input.orderId)).map((r) => r.status)).toEqual(['RELEASED']);
    expect(await rowOf('payment.charges', input.orderId)).toEqual([]);
    expect(await rowOf('shipping.shipments', input.orderId)).toEqual([]);
  });

  it('refunds the payment, then releases the inventory, when shipping refuses the destination', async () => {
    const input = Refusals.shipping();
    const { body } = await client.start(input);
    const saga = await client.waitFor(body.id, ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED']);

    expect(saga.status).toBe('COMPENSATED');
    const events = await client.events(saga.id);
    const compensations = events.filter((e) => e.type === 'CompensationSucceeded').map((e) => e.step);
    expect(compensations).toEqual(['charge-payment', 'reserve-inventory']);
    expect(events.at(-1)?.type).toBe('SagaCompensated');
    expect((await rowOf('payment.charges', input.orderId)).map((r) => r.status)).toEqual(['REFUNDED']);
    expect((await rowOf('inventory.reservations', input.orderId)).map((r) => r.status)).toEqual(['RELEASED']);
    expect(await rowOf('shipping.shipments', input.orderId)).toEqual([]);
  });

  it('compensates nothing when the first step is refused', async () => {
    const input = Refusals.inventory();
    const { body } = await client.start(input);
    const saga = await client.waitFor(body.id, ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED']);

    expect(saga.status).toBe('COMPENSATED');
    const events = await client.events(saga.id);
    expect(events.filter((e) => e.type.startsWith('Compensation'))).toEqual([]);
    expect(await rowOf('inventory.reservations', input.orderId)).toEqual([]);
  });

  it('starts one saga per Idempotency-Key, and refuses the key with another body', async () => {
    const key = `key-${Date.now()}`;
    const input = orderInput();
    const first = await client.start(input, { idempotencyKey: key });
    const again = await client.start(input, { idempotencyKey: key });
    expect(again.body.id).toBe(first.body.id);

    const other = await client.start(orderInput(), { idempotencyKey: key });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM saga WHERE idempotency_key = $1`, [key]);
    expect(rows[0].n).toBe(1);
  });

  it('brings 200 concurrent mixed sagas each to the right end, with no effect doubled', async () => {
    // Counts every effect as the handler performs it, before a unique key could absorb a second one.
    await installParticipantLedger(db);
    const kinds = Array.from({ length: 200 }, (_, i) => (['ok', 'ok', 'inventory', 'payment', 'shipping'] as const)[i % 5]!);
    const inputs = kinds.map((kind) => (kind === 'ok' ? orderInput() : Refusals[kind]()));
    const started = await Promise.all(inputs.map((input) => client.start(input)));
    expect(started.every((s) => s.status === 202)).toBe(true);

    const finals = await Promise.all(started.map((s) => client.waitFor(s.body.id, ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'], 90_000)));
    finals.forEach((saga, i) => expect(saga.status).toBe(kinds[i] === 'ok' ? 'COMPLETED' : 'COMPENSATED'));

    const sagaIds = started.map((s) => s.body.id as string);
    const ledger = (await readLedger(db)).filter((entry) => sagaIds.includes(entry.sagaId));
    const perStep = new Map<string, number>();
    for (const entry of ledger)
      perStep.set(`${entry.sagaId} ${entry.step} ${entry.action}`, (perStep.get(`${entry.sagaId} ${entry.step} ${entry.action}`) ?? 0) + 1);
    expect(
      [...perStep].filter(([, n]) => n > 1),
      'effects or undos applied more than once',
    ).toEqual([]);
    // The ledger saw the work: one effect per step of each completed saga, one charge and one refund per shipping refusal.
    const completedIds = sagaIds.filter((_, i) => kinds[i] === 'ok');
    expect(ledger.filter((e) => completedIds.includes(e.sagaId) && e.action === 'effect')).toHaveLength(completedIds.length * 3);
    const shippingRefused = sagaIds.filter((_, i) => kinds[i] === 'shipping');
    expect(
      ledger
        .filter((e) => shippingRefused.includes(e.sagaId) && e.step === 'charge-payment')
        .map((e) => e.action)
        .sort(),
    ).toEqual(shippingRefused.flatMap(() => ['effect', 'undo']).sort());

    const orderIds = inputs.map((input) => input.orderId);
    const completedOrders = inputs.filter((_, i) => kinds[i] === 'ok').map((input) => input.orderId);
    const { rows: shipped } = await db.query(`SELECT count(*)::int AS n FROM shipping.shipments WHERE order_id = ANY($1) AND status = 'CREATED'`, [
      completedOrders,
    ]);
    expect(shipped[0].n).toBe(completedOrders.length);
    const { rows: held } = await db.query(`SELECT count(*)::int AS n FROM payment.charges WHERE order_id = ANY($1) AND status = 'CHARGED'`, [
      orderIds.filter((id) => !completedOrders.includes(id)),
    ]);
    expect(held[0].n, 'charges left behind by compensated sagas').toBe(0);
  });
});
