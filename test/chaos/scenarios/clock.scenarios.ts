import type { Scenario } from '../support/scenario-runner.js';
import { SlowCharge } from '../support/fault-windows.js';
import { chargeTimeout, registerOrderVersion } from '../support/order-definition-versions.js';
import { markOrders } from '../support/order-marking.js';
import { waitUntilSettled } from '../support/saga-status.js';
import { readTimerSchedule } from '../support/timer-schedule.js';

/** How far a replica's wall clock is from ours, read from its HTTP `Date` header (whole seconds). */
async function clockOffsetSeconds(baseUrl: string): Promise<number> {
  const response = await fetch(`${baseUrl}/health/live`);
  const date = response.headers.get('date');
  if (date === null) throw new Error(`${baseUrl} sent no Date header`);
  return Math.round((Date.parse(date) - Date.now()) / 1_000);
}

/**
 * 20: three replicas, one with its wall clock 5 minutes ahead and one 5 minutes behind
 * (libfaketime). Timers must be due by the database clock: the step log's times (database clock)
 * show every timeout and backoff firing neither early nor late. To have timers that matter,
 * every refund fails once (a compensation backoff) and two orders' first charge answers after 45 s
 * (24 s at the CI size, with a 4 s charge timeout: step timeouts and retries, then compensation).
 */
export const clockSkew: Scenario = {
  id: '20',
  title: 'clock skew of ±5 minutes on two of three replicas',
  async run(ctx) {
    const { cluster } = ctx;
    const orders = markOrders(ctx.orders, 0, 2, 'payment-times-out', 'slow-charge');
    const replica = await cluster.startSystem(
      {},
      {
        payment: {
          PAYMENT_FAULT_SLOW_CHARGE_FOR: 'slow-charge',
          PAYMENT_FAULT_SLOW_CHARGE_MS: String(SlowCharge.slowChargeMs),
          PAYMENT_FAULT_REFUND_FAILURES: '1',
        },
      },
    );
    // Before the skewed replicas start, so that they only ever see this version as the latest.
    await registerOrderVersion(replica.baseUrl, chargeTimeout(SlowCharge.chargeTimeoutMs));
    const ahead = await cluster.startCoordinator('coordinator-B+5m', {}, '+5m');
    const behind = await cluster.startCoordinator('coordinator-C-5m', {}, '-5m');
    const [aheadBy, behindBy] = [await clockOffsetSeconds(ahead.baseUrl), await clockOffsetSeconds(behind.baseUrl)];
    const { accepted, notAccepted } = await ctx.submit(orders);
    const ids = accepted.map((a) => a.sagaId);
    await waitUntilSettled(cluster.db, ids);
    const schedule = await readTimerSchedule(cluster.db, ids);
    const skewed = Math.abs(aheadBy - 300) <= 5 && Math.abs(behindBy + 300) <= 5;
    const alive = ahead.process.running && behind.process.running;
    return {
      accepted,
      notAccepted,
      faultFired: skewed && alive && schedule.checked > 0,
      evidence: [
        `replica clocks by their HTTP Date header: ${aheadBy > 0 ? '+' : ''}${aheadBy} s and ${behindBy} s (libfaketime); both served to the end: ${alive}`,
        `${schedule.checked} timers (step timeouts, step and compensation backoffs) compared with the step log's database times`,
        ...[...schedule.early, ...schedule.late].slice(0, 3),
      ],
      violations: { 'timers early': schedule.early.length, 'timers late': schedule.late.length },
    };
  },
};
