import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandKind } from '@saga-coordinator/contracts';
import { startInventoryParticipant } from '../../../examples/order/src/inventory/inventory.participant.js';
import { OrderCommands, OrderParticipants } from '../../../examples/order/src/order-participants.js';
import { startPaymentParticipant } from '../../../examples/order/src/payment/payment.participant.js';
import type { RunningParticipant } from '../../../examples/order/src/run-until-signal.util.js';
import { startShippingParticipant } from '../../../examples/order/src/shipping/shipping.participant.js';
import { silentLogger } from '@saga-coordinator/participant';
import { createTestInfrastructure } from '../../support/test-infrastructure.js';
import type { TestInfrastructure } from '../../support/test-infrastructure.js';
import { CoordinatorProbe, stepCommand } from './coordinator-probe.js';

/** An order as the saga input carries it. */
function order(overrides: { quantity?: number; unitPrice?: number; country?: string } = {}) {
  return {
    orderId: `order-${Math.random().toString(36).slice(2)}`,
    customerId: 'customer-1',
    items: [{ sku: 'SKU-1', quantity: overrides.quantity ?? 2, unitPrice: overrides.unitPrice ?? 10.5 }],
    shippingAddress: { country: overrides.country ?? 'FR', city: 'Lyon' },
  };
}

describe('example order participants', () => {
  let infra: TestInfrastructure;
  let probe: CoordinatorProbe;
  let db: pg.Pool;
  const running: RunningParticipant[] = [];

  beforeAll(async () => {
    infra = await createTestInfrastructure('sdk_examples');
    const env = { databaseUrl: infra.databaseUrl, rabbitmqUrl: infra.rabbitmqUrl, declareSharedTopology: true, logFormat: 'json' as const };
    probe = await CoordinatorProbe.connect(infra.rabbitmqUrl);
    running.push(
      ...(await Promise.all([
        startInventoryParticipant(env, silentLogger),
        startPaymentParticipant(env, silentLogger),
        startShippingParticipant(env, silentLogger),
      ])),
    );
    db = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  });

  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
    await probe?.close();
    await db?.end();
    await infra?.dispose();
  });

  /** Sends one command of step `step` (a compensation belongs to the step it undoes) and waits for its reply. */
  async function run(participant: string, command: string, kind: CommandKind, sagaId: string, payload: unknown, step = command) {
    const sent = await probe.send(stepCommand({ participant, command, kind, sagaId, step, payload }));
    return (await probe.replyTo(sent)).body;
  }

  const status = async (table: string, orderId: string): Promise<string | undefined> =>
    (await db.query<{ status: string }>(`SELECT status FROM ${table} WHERE order_id = $1`, [orderId])).rows[0]?.status;

  it('reserves, charges and ships an order, then undoes each effect on compensation', async () => {
    const input = order();
    const sagaId = crypto.randomUUID();

    const reserved = await run(OrderParticipants.inventory, OrderCommands.reserveInventory, 'execute', sagaId, { input, outputs: {} });
    const charged = await run(OrderParticipants.payment, OrderCommands.chargePayment, 'execute', sagaId, { input, outputs: {} });
    const shipped = await run(OrderParticipants.shipping, OrderCommands.createShipment, 'execute', sagaId, { input, outputs: {} });

    expect([reserved.outcome, charged.outcome, shipped.outcome]).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(charged.output).toEqual({ chargeId: input.orderId, amount: '21.00' });
    expect(await status('inventory.reservations', input.orderId)).toBe('RESERVED');
    expect(await status('payment.charges', input.orderId)).toBe('CHARGED');
    expect(await status('shipping.shipments', input.orderId)).toBe('CREATED');

    await run(
      OrderParticipants.shipping,
      OrderCommands.cancelShipment,
      'compensate',
      sagaId,
      { input, output: shipped.output },
      OrderCommands.createShipment,
    );
    await run(
      OrderParticipants.payment,
      OrderCommands.refundPayment,
      'compensate',
      sagaId,
      { input, output: charged.output },
      OrderCommands.chargePayment,
    );
    await run(
      OrderParticipants.inventory,
      OrderCommands.releaseInventory,
      'compensate',
      sagaId,
      { input, output: reserved.output },
      OrderCommands.reserveInventory,
    );

    expect(await status('shipping.shipments', input.orderId)).toBe('CANCELLED');
    expect(await status('payment.charges', input.orderId)).toBe('REFUNDED');
    expect(await status('inventory.reservations', input.orderId)).toBe('RELEASED');
  });

  it.each([
    {
      participant: OrderParticipants.inventory,
      command: OrderCommands.reserveInventory,
      table: 'inventory.reservations',
      input: order({ quantity: 1001 }),
      code: 'insufficient-stock',
    },
    {
      participant: OrderParticipants.payment,
      command: OrderCommands.chargePayment,
      table: 'payment.charges',
      input: order({ quantity: 1000, unitPrice: 10.01 }),
      code: 'payment-declined',
    },
    {
      participant: OrderParticipants.shipping,
      command: OrderCommands.createShipment,
      table: 'shipping.shipments',
      input: order({ country: 'AQ' }),
      code: 'destination-not-served',
    },
  ])('$participant refuses with $code and writes nothing', async ({ participant, command, table, input, code }) => {
    const reply = await run(participant, command, 'execute', crypto.randomUUID(), { input, outputs: {} });

    expect(reply).toMatchObject({ outcome: 'failed', failure: { code } });
    expect(await status(table, input.orderId)).toBeUndefined();
  });

  it('answers compensated when there is nothing to undo', async () => {
    const reply = await run(OrderParticipants.payment, OrderCommands.refundPayment, 'compensate', crypto.randomUUID(), {
      input: order(),
      output: null,
    });

    expect(reply.outcome).toBe('compensated');
  });
});
