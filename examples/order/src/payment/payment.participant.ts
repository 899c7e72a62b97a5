import { type Participant, type ParticipantLogger, StepResult } from '@saga-coordinator/participant';
import type { ExampleEnvironment } from '../example-environment.util.js';
import { CompensatePayload, describePayloadProblems, ExecutePayload, InvalidOrderCode } from '../order-command-payload.schema.js';
import { OrderCommands, OrderParticipants } from '../order-participants.js';
import type { RunningParticipant } from '../run-until-signal.util.js';
import { startPlainParticipant } from '../start-plain-participant.util.js';
import { NoPaymentFaults, PaymentFaultInjector, readPaymentFaults, type PaymentFaults } from './payment-faults.util.js';
import { PaymentMigrations } from './payment.migrations.js';
import { formatCents, isPaymentDeclined, MaxOrderTotal, orderTotalCents } from './payment-rules.util.js';

/** Registers `charge-payment` and `refund-payment` (plain SDK API), with the chaos suite's fault switches (off by default). */
export function registerPaymentHandlers(participant: Participant, faults: PaymentFaults = NoPaymentFaults): Participant {
  const injector = new PaymentFaultInjector(faults);
  return participant
    .handle(OrderCommands.chargePayment, async (command, { tx }) => {
      const payload = ExecutePayload.safeParse(command.payload);
      if (!payload.success) return StepResult.failed(InvalidOrderCode, describePayloadProblems(payload.error));
      const { orderId, items } = payload.data.input;
      await injector.beforeCharge(orderId, command.attempt);
      const total = orderTotalCents(items);
      if (isPaymentDeclined(total)) {
        return StepResult.failed('payment-declined', `order total ${formatCents(total)} exceeds the limit of ${MaxOrderTotal}`);
      }
      const inserted = await tx.query(
        `INSERT INTO payment.charges (order_id, saga_id, amount, status) VALUES ($1, $2, $3::numeric, 'CHARGED')
         ON CONFLICT (order_id) DO NOTHING`,
        [orderId, command.sagaId, formatCents(total)],
      );
      if (inserted.rowCount === 0) return StepResult.failed('order-already-charged', `order ${orderId} was charged by another saga`);
      return StepResult.succeeded({ chargeId: orderId, amount: formatCents(total) });
    })
    .compensate(OrderCommands.refundPayment, async (command, { tx }) => {
      // No readable order or no charge: nothing was charged by this saga, nothing to refund.
      const payload = CompensatePayload.safeParse(command.payload);
      if (payload.success) {
        injector.beforeRefund(command.sagaId, payload.data.input.orderId);
        await tx.query(
          `UPDATE payment.charges SET status = 'REFUNDED', refunded_at = now()
           WHERE order_id = $1 AND saga_id = $2 AND status = 'CHARGED'`,
          [payload.data.input.orderId, command.sagaId],
        );
      }
      return StepResult.compensated();
    });
}

/** Creates the database and schema if needed, then starts the payment participant. */
export function startPaymentParticipant(env: ExampleEnvironment, logger?: ParticipantLogger): Promise<RunningParticipant> {
  return startPlainParticipant(
    {
      name: OrderParticipants.payment,
      migrations: PaymentMigrations,
      register: (participant) => registerPaymentHandlers(participant, readPaymentFaults()),
    },
    env,
    logger,
  );
}
