import type { Scenario } from '../support/scenario-runner.js';
import { executeCommandsOfCompensatedSteps, republish } from '../support/command-replayer.js';
import { SlowCharge } from '../support/fault-windows.js';
import { chargeTimeout, registerOrderVersion } from '../support/order-definition-versions.js';
import { markOrders } from '../support/order-marking.js';
import { countEvents, sagasWithStatus, waitUntilSettled } from '../support/saga-status.js';
import { eventually } from '../../support/test-infrastructure.js';

/** The participant log line of a fence refusing an execute that came after its compensation. */
const FenceRefusalLine = 'execute refused: the step was already compensated';

/**
 * 18: every refund fails twice, then succeeds (COMPENSATED within the budget of 5); the refunds
 * of two marked orders always fail (COMPENSATION_FAILED, flagged, release-inventory not sent).
 * Then the fault is fixed (payment restarted without it) and an operator retries each flagged saga.
 */
export const compensationFailures: Scenario = {
  id: '18',
  title: 'a compensation fails N times then succeeds; one that always fails is flagged, then retried by an operator',
  async run(ctx) {
    const { cluster } = ctx;
    const neverMarker = 'refund-never';
    const orders = markOrders(markOrders(ctx.orders, 0, 2, 'shipping-refuses', neverMarker), 2, 3, 'shipping-refuses', 'refund-flaky');
    const replica = await cluster.startSystem(
      {},
      { payment: { PAYMENT_FAULT_REFUND_FAILURES: '2', PAYMENT_FAULT_REFUND_ALWAYS_FAILS_FOR: neverMarker } },
    );
    const { accepted, notAccepted } = await ctx.submit(orders);
    const ids = accepted.map((a) => a.sagaId);
    await waitUntilSettled(cluster.db, ids);
    const flagged = await sagasWithStatus(cluster.db, ids, 'COMPENSATION_FAILED');
    const markedNever = accepted.filter((a) => a.order.orderId.endsWith(neverMarker)).map((a) => a.sagaId);
    const refundedAfterFailures = await eventuallyRefunded(
      cluster.db,
      accepted.filter((a) => !a.order.orderId.endsWith(neverMarker) && a.order.kind === 'shipping-refuses').map((a) => a.sagaId),
    );
    const refundRetries = await countEvents(cluster.db, ids, 'CompensationRetryScheduled', 'charge-payment');

    // The operator fixes the cause (no more injected failures), then retries each flagged saga.
    await cluster.participants.get('payment')!.stop();
    cluster.startParticipant('payment', {}, 'payment-fixed');
    let retried = 0;
    for (const id of flagged) {
      const response = await fetch(`${replica.baseUrl}/v1/sagas/${id}/retry`, { method: 'POST' });
      if (response.status === 202) retried += 1;
    }
    const onlyMarkedFlagged = flagged.length === markedNever.length && flagged.every((id) => markedNever.includes(id));
    return {
      accepted,
      notAccepted,
      faultFired: onlyMarkedFlagged && flagged.length > 0 && retried === flagged.length && refundedAfterFailures > 0,
      evidence: [
        `${refundRetries} refund retries scheduled after injected failures; ${refundedAfterFailures} saga(s) COMPENSATED after their refund failed twice`,
        `${flagged.length} saga(s) flagged COMPENSATION_FAILED (the ${markedNever.length} whose refund always fails: ${onlyMarkedFlagged ? 'exactly those' : 'NOT exactly those'})`,
        `payment restarted without the fault; operator retry answered 202 for ${retried} of ${flagged.length}`,
      ],
    };
  },
};

/** Sagas among `ids` that ended COMPENSATED with at least two failed refund deliveries before the one that worked. */
async function eventuallyRefunded(db: Parameters<typeof countEvents>[0], ids: readonly string[]): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM saga s
     WHERE s.id = ANY($1::uuid[]) AND s.status = 'COMPENSATED'
       AND (SELECT count(*) FROM saga_event e WHERE e.saga_id = s.id AND e.type = 'CompensationRetryScheduled' AND e.step = 'charge-payment') >= 2`,
    [ids],
  );
  return Number(rows[0]?.n);
}

/**
 * 19: the first charge of two marked orders holds its transaction 45 s (24 s at the CI size); the
 * step times out (10 s × 3 attempts; 4 s × 3), is maybe-done and compensated, and the charge's
 * success reply arrives after that: recorded as ignored, changes nothing (the refund undoes the
 * charge). Then every execute command of a compensated step is delivered again: each fence
 * refuses it.
 */
export const lateReplyAndLateCommand: Scenario = {
  id: '19',
  title: 'step timeout, then the late success reply arrives; the late command arrives after its compensation',
  async run(ctx) {
    const { cluster } = ctx;
    const orders = markOrders(ctx.orders, 0, 2, 'payment-times-out', 'slow-charge');
    const replica = await cluster.startSystem(
      {},
      { payment: { PAYMENT_FAULT_SLOW_CHARGE_FOR: 'slow-charge', PAYMENT_FAULT_SLOW_CHARGE_MS: String(SlowCharge.slowChargeMs) } },
    );
    const version = await registerOrderVersion(replica.baseUrl, chargeTimeout(SlowCharge.chargeTimeoutMs));
    const { accepted, notAccepted } = await ctx.submit(orders);
    const ids = accepted.map((a) => a.sagaId);
    const slow = accepted.filter((a) => a.order.kind === 'payment-times-out').map((a) => a.sagaId);
    await waitUntilSettled(cluster.db, ids);
    const timedOut = await countEvents(cluster.db, slow, 'StepTimedOut', 'charge-payment');
    // The late success of the slow charge comes after the saga turned back: wait for it to be recorded.
    const lateSuccessIgnored = await eventually(
      async () => {
        const { rows } = await cluster.db.query<{ n: string }>(
          `SELECT count(DISTINCT saga_id) AS n FROM saga_event
           WHERE saga_id = ANY($1::uuid[]) AND type = 'ReplyIgnored' AND step = 'charge-payment' AND attempt = 1`,
          [slow],
        );
        return Number(rows[0]?.n) >= slow.length ? Number(rows[0]?.n) : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the late charge replies' },
    ).catch(() => 0);

    const refusalsBefore = refusals(cluster.all.map((s) => s.log));
    const late = await executeCommandsOfCompensatedSteps(cluster.db, ids);
    const republished = await republish(cluster.infra.rabbitmqUrl, late);
    const refused = await eventually(
      () => {
        const n = refusals(cluster.all.map((s) => s.log)) - refusalsBefore;
        return n >= republished ? n : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'the fences to refuse the late commands' },
    ).catch(() => refusals(cluster.all.map((s) => s.log)) - refusalsBefore);
    return {
      accepted,
      notAccepted,
      faultFired: slow.length > 0 && timedOut >= slow.length && lateSuccessIgnored === slow.length && republished > 0 && refused === republished,
      evidence: [
        `${timedOut} charge timeouts for the ${slow.length} slow-charge saga(s) (charge held ${SlowCharge.slowChargeMs} ms, step timeout ${SlowCharge.chargeTimeoutMs} ms, order definition version ${version}); the late success reply of attempt 1 recorded as ignored for ${lateSuccessIgnored}`,
        `${republished} execute command(s) of compensated steps delivered again after the compensation; ${refused} refused by the participants' fences`,
      ],
    };
  },
};

function refusals(logs: readonly string[]): number {
  return logs.reduce((sum, log) => sum + log.split(FenceRefusalLine).length - 1, 0);
}
