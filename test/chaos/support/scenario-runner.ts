import type { ChaosBuild } from './chaos-build.js';
import { ChaosCluster, type ParticipantEnv } from './chaos-cluster.js';
import { checkInvariants, waitForQuiescence, type InvariantReport } from './invariants.js';
import { planOrders, submitOrders, type AcceptedSaga, type OrderKind, type PlannedOrder } from './saga-driver.js';
import { seededRandom } from './seeded-random.util.js';

/** What a scenario hands back after its fault healed: the sagas the API accepted and the proof that the fault fired. */
export interface ScenarioOutcome {
  readonly accepted: AcceptedSaga[];
  /** Refused or abandoned submissions (counted as attempted, not accepted). */
  readonly notAccepted: number;
  readonly faultFired: boolean;
  /** One line per piece of evidence (signals, printed crash lines, connections closed …). */
  readonly evidence: string[];
  /** Scenario-specific checks beyond the six invariants (e.g. timers fired early): every count must be 0. */
  readonly violations?: Record<string, number>;
}

export interface ScenarioContext {
  readonly cluster: ChaosCluster;
  readonly orders: PlannedOrder[];
  readonly random: () => number;
  /** Submits orders to whichever replicas are alive. */
  submit(orders: readonly PlannedOrder[]): Promise<{ accepted: AcceptedSaga[]; notAccepted: number }>;
}

/** One fault of the RELIABILITY.md table. */
export interface Scenario {
  /** The row number in the fault table ("0" is the no-fault baseline). */
  readonly id: string;
  readonly title: string;
  /** Restrict the saga mix (a broken-variant run that needs every hit to carry an effect). */
  readonly onlyKind?: OrderKind;
  /** How long to wait for quiescence (a broken build may never get there). */
  readonly quiescenceMs?: number;
  /** Extra environment of every coordinator replica the scenario starts. */
  readonly coordinatorEnv?: Readonly<Record<string, string>>;
  /** Extra environment of every participant process the scenario starts. */
  readonly participantEnv?: ParticipantEnv;
  run(ctx: ScenarioContext): Promise<ScenarioOutcome>;
}

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly variant: string;
  readonly seed: number;
  readonly attempted: number;
  readonly notAccepted: number;
  readonly quiescent: boolean;
  readonly faultFired: boolean;
  readonly evidence: string[];
  readonly violations: Record<string, number>;
  readonly invariants: InvariantReport;
  readonly durationMs: number;
  /** Process logs when something was found, for the failure message (not in the report). */
  readonly postMortem?: string;
}

/** Runs one scenario on a fresh database and vhost, waits for quiescence and checks the invariants. */
export async function runScenario(scenario: Scenario, build: ChaosBuild, sagaCount: number, seed: number): Promise<ScenarioResult> {
  const started = Date.now();
  const random = seededRandom(seed + Number.parseInt(scenario.id, 10) * 7919);
  const orders = planOrders(sagaCount, random, `${scenario.id}${build.variant === 'correct' ? '' : `-${build.variant}`}`, scenario.onlyKind);
  const cluster = await ChaosCluster.create(build, scenario.coordinatorEnv, scenario.participantEnv);
  try {
    const outcome = await scenario.run({
      cluster,
      orders,
      random,
      submit: async (batch) => {
        const { accepted, refused } = await submitOrders(batch, () => cluster.liveUrls());
        return { accepted, notAccepted: refused.length };
      },
    });
    const quiescent = await waitForQuiescence(cluster.db, cluster.infra.vhost, outcome.accepted, scenario.quiescenceMs);
    const invariants = await checkInvariants(cluster.db, outcome.accepted);
    const violations = outcome.violations ?? {};
    const violated = invariantsViolated(invariants) || !quiescent || Object.values(violations).some((n) => n > 0);
    return {
      id: scenario.id,
      title: scenario.title,
      variant: build.variant,
      seed,
      attempted: orders.length,
      notAccepted: outcome.notAccepted,
      quiescent,
      faultFired: outcome.faultFired,
      evidence: outcome.evidence,
      violations,
      invariants,
      durationMs: Date.now() - started,
      ...(violated || !outcome.faultFired ? { postMortem: cluster.postMortem() } : {}),
    };
  } finally {
    await cluster.dispose();
  }
}

/** True when any of the six invariants (or the idempotent start) was broken. */
export function invariantsViolated(report: InvariantReport): boolean {
  return (
    report.lostSagas +
      report.lostMessages +
      report.doubled +
      report.outOfOrder +
      report.netNonZero +
      report.stuck +
      report.unsentOutbox +
      report.duplicateSagas >
    0
  );
}
