import { type Participant, type ParticipantLogger, StepResult } from '@saga-coordinator/participant';
import type { ExampleEnvironment } from '../example-environment.util.js';
import { CompensatePayload, describePayloadProblems, ExecutePayload, InvalidOrderCode } from '../order-command-payload.schema.js';
import { OrderCommands, OrderParticipants } from '../order-participants.js';
import type { RunningParticipant } from '../run-until-signal.util.js';
import { startPlainParticipant } from '../start-plain-participant.util.js';
import { InventoryMigrations } from './inventory.migrations.js';
import { lineExceedingStock, MaxLineQuantity } from './inventory-rules.util.js';

/** Registers `reserve-inventory` and `release-inventory` (plain SDK API). */
export function registerInventoryHandlers(participant: Participant): Participant {
  return participant
    .handle(OrderCommands.reserveInventory, async (command, { tx }) => {
      const payload = ExecutePayload.safeParse(command.payload);
      if (!payload.success) return StepResult.failed(InvalidOrderCode, describePayloadProblems(payload.error));
      const { orderId, items } = payload.data.input;
      const tooMany = lineExceedingStock(items);
      if (tooMany !== undefined) {
        return StepResult.failed('insufficient-stock', `sku ${tooMany.sku}: ${tooMany.quantity} requested, at most ${MaxLineQuantity} per line`);
      }
      const inserted = await tx.query(
        `INSERT INTO inventory.reservations (order_id, saga_id, items, status) VALUES ($1, $2, $3::jsonb, 'RESERVED')
         ON CONFLICT (order_id) DO NOTHING`,
        [orderId, command.sagaId, JSON.stringify(items)],
      );
      if (inserted.rowCount === 0) return StepResult.failed('order-already-reserved', `order ${orderId} has a reservation from another saga`);
      return StepResult.succeeded({ reservationId: orderId, items: items.map(({ sku, quantity }) => ({ sku, quantity })) });
    })
    .compensate(OrderCommands.releaseInventory, async (command, { tx }) => {
      // No readable order or no reservation: nothing was reserved by this saga, nothing to undo.
      const payload = CompensatePayload.safeParse(command.payload);
      if (payload.success) {
        await tx.query(
          `UPDATE inventory.reservations SET status = 'RELEASED', released_at = now()
           WHERE order_id = $1 AND saga_id = $2 AND status = 'RESERVED'`,
          [payload.data.input.orderId, command.sagaId],
        );
      }
      return StepResult.compensated();
    });
}

/** Creates the database and schema if needed, then starts the inventory participant. */
export function startInventoryParticipant(env: ExampleEnvironment, logger?: ParticipantLogger): Promise<RunningParticipant> {
  return startPlainParticipant(
    { name: OrderParticipants.inventory, migrations: InventoryMigrations, register: registerInventoryHandlers },
    env,
    logger,
  );
}
