import { Injectable } from '@nestjs/common';
import { type CompensatedResult, type ExecuteResult, type StepCommandMessage, type StepContext, StepResult } from '@saga-coordinator/participant';
import { SagaCompensation, SagaStep } from '@saga-coordinator/participant/nest';
import { CompensatePayload, describePayloadProblems, ExecutePayload, InvalidOrderCode } from '../order-command-payload.schema.js';
import { OrderCommands } from '../order-participants.js';
import { isDestinationServed } from './shipping-rules.util.js';

/** The shipping steps, registered through the NestJS decorators. */
@Injectable()
export class ShippingSteps {
  @SagaStep(OrderCommands.createShipment)
  async createShipment(command: StepCommandMessage, { tx }: StepContext): Promise<ExecuteResult> {
    const payload = ExecutePayload.safeParse(command.payload);
    if (!payload.success) return StepResult.failed(InvalidOrderCode, describePayloadProblems(payload.error));
    const { orderId, shippingAddress } = payload.data.input;
    const country = shippingAddress.country.toUpperCase();
    if (!isDestinationServed(country)) return StepResult.failed('destination-not-served', `no delivery to ${country}`);
    const inserted = await tx.query(
      `INSERT INTO shipping.shipments (order_id, saga_id, country, status) VALUES ($1, $2, $3, 'CREATED')
       ON CONFLICT (order_id) DO NOTHING`,
      [orderId, command.sagaId, country],
    );
    if (inserted.rowCount === 0) return StepResult.failed('order-already-shipped', `order ${orderId} has a shipment from another saga`);
    return StepResult.succeeded({ shipmentId: orderId, country });
  }

  @SagaCompensation(OrderCommands.cancelShipment)
  async cancelShipment(command: StepCommandMessage, { tx }: StepContext): Promise<CompensatedResult> {
    // No readable order or no shipment: nothing was created by this saga, nothing to cancel.
    const payload = CompensatePayload.safeParse(command.payload);
    if (payload.success) {
      await tx.query(
        `UPDATE shipping.shipments SET status = 'CANCELLED', cancelled_at = now()
         WHERE order_id = $1 AND saga_id = $2 AND status = 'CREATED'`,
        [payload.data.input.orderId, command.sagaId],
      );
    }
    return StepResult.compensated();
  }
}
