import { setTimeout as sleep } from 'node:timers/promises';
import { crashPointLine } from '../../../src/fault-injection/crash-point.js';
import type { CrashPointName } from '../../../src/fault-injection/crash-point-name.js';
import type { ServiceProcess } from '../../support/service-processes.js';
import type { ScenarioContext, ScenarioOutcome } from '../support/scenario-runner.js';

/** Evidence that `process` died by SIGKILL at `point` on hit `hit` (both the signal and the printed line). */
export async function crashEvidence(
  service: ServiceProcess,
  point: CrashPointName,
  hit: number,
  waitMs = 60_000,
): Promise<{ fired: boolean; evidence: string }> {
  const exit = await Promise.race([service.exited(), sleep(waitMs).then(() => undefined)]);
  const line = crashPointLine(point, hit);
  const printed = service.log.includes(line);
  if (exit === undefined) return { fired: false, evidence: `${service.name} still running after ${waitMs} ms: crash point ${point} hit ${hit} never reached` };
  return {
    fired: exit.signal === 'SIGKILL' && printed,
    evidence: `${service.name} exited with signal ${exit.signal ?? 'none'} (code ${exit.code ?? 'none'}); printed "${line}": ${printed ? 'yes' : 'no'}`,
  };
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
  if (crash.fired) await restarted;
  return {
    accepted,
    notAccepted,
    faultFired: crash.fired,
    evidence: [crash.evidence, `${accepted.filter((s) => s.retriedAfterNoAnswer).length} start request(s) got no answer and were retried with the same Idempotency-Key`],
  };
}

/** A third of the orders: late enough that work is in flight, early enough that it is always reached. */
export function midRunHit(count: number): number {
  return Math.max(2, Math.ceil(count / 3));
}
