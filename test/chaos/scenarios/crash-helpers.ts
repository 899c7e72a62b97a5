import { setTimeout as sleep } from 'node:timers/promises';
import { crashPointLine } from '../../../src/fault-injection/crash-point.js';
import type { CrashPointName } from '../../../src/fault-injection/crash-point-name.js';
import { Refusals } from '../../support/order-fixtures.js';
import type { ServiceProcess } from '../../support/service-processes.js';
import { OrderKinds, type PlannedOrder } from '../support/saga-driver.js';
import type { ScenarioContext, ScenarioOutcome } from '../support/scenario-runner.js';

/** How long `crashEvidence` waits for stdout and stderr to drain once the process is gone. */
const drainMs = 10_000;

/**
 * Evidence that `service` died by SIGKILL at `point` on hit `hit` (both the signal and the printed
 * line). The verdict and the log must tell one story:
 * - the log is read only after the process exited *and* its pipes closed ('exit' can come before
 *   the last stderr chunk is read, and the crash line is the last thing a crash point writes);
 * - a process still running at the deadline is killed here: left alive, it would go on hitting
 *   the point on other work and die later, so that its log would show the very line the verdict
 *   says never came.
 */
export async function crashEvidence(
  service: ServiceProcess,
  point: CrashPointName,
  hit: number,
  waitMs = 60_000,
): Promise<{ fired: boolean; evidence: string }> {
  const line = crashPointLine(point, hit);
  const runningAtStart = service.running;
  const started = Date.now();
  const inTime = await settlesWithin(service.exited(), waitMs);
  const waitedMs = Date.now() - started;
  if (!inTime) await service.kill();
  const exit = await service.exited();
  await settlesWithin(service.closed(), drainMs);
  const printed = service.log.includes(line);
  if (!inTime && !printed) {
    return {
      fired: false,
      evidence: `${service.name} still running after ${waitMs} ms: crash point ${point} hit ${hit} never reached (killed by the harness)`,
    };
  }
  const when = !runningAtStart ? 'before the wait began' : inTime ? `${waitedMs} ms into the wait` : `at the ${waitMs} ms deadline`;
  return {
    fired: exit.signal === 'SIGKILL' && printed,
    evidence: `${service.name} exited with signal ${exit.signal ?? 'none'} (code ${exit.code ?? 'none'}) ${when}; printed "${line}": ${printed ? 'yes' : 'no'}`,
  };
}

/** Whether `promise` settles within `ms` (the timer is cleared either way). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const timer = new AbortController();
  try {
    return await Promise.race([promise.then(() => true), sleep(ms, false, { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
}

/**
 * Fault rows 1–5: replica A runs with the crash point armed and dies at its k-th hit while the
 * orders are submitted; replica B is started as soon as A is gone (a restart) and must finish
 * everything A left in flight.
 */
export async function coordinatorCrashScenario(ctx: ScenarioContext, point: CrashPointName, hit: number): Promise<ScenarioOutcome> {
  const { cluster } = ctx;
  const a = await cluster.startSystem({ SAGA_CRASH_POINT: point, SAGA_CRASH_POINT_HIT: String(hit) });
  const restarted = a.process.exited().then(() => cluster.startCoordinator('coordinator-B'));
  const { accepted, notAccepted } = await ctx.submit(ctx.orders);
  const crash = await crashEvidence(a.process, point, hit);
  // A is gone either way (crashed, or killed at the deadline): B finishes what it left.
  await restarted;
  return {
    accepted,
    notAccepted,
    faultFired: crash.fired,
    evidence: [
      crash.evidence,
      `${accepted.filter((s) => s.retriedAfterNoAnswer).length} start request(s) got no answer and were retried with the same Idempotency-Key`,
    ],
  };
}

/**
 * `order` turned into an order that only shipping refuses: reserved, charged, refused at
 * shipping, then refunded and released (fault 6 counts on exactly that chain). The whole
 * input is replaced, not just the country: a planned inventory or payment refusal would stop
 * the saga before the refund, and the crash point would never be reached on this saga.
 */
export function onlyShippingRefuses(order: PlannedOrder): PlannedOrder {
  return { orderId: order.orderId, kind: OrderKinds.shippingRefuses, input: { ...Refusals.shipping(), orderId: order.orderId } };
}

/** A third of the orders: late enough that work is in flight, early enough that it is always reached. */
export function midRunHit(count: number): number {
  return Math.max(2, Math.ceil(count / 3));
}
