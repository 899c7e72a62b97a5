import { fmt } from './markdown.util.js';
import type { RunFigures } from './run-figures.model.js';

/** One target of an issue and whether the run met it. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | undefined;
}

function finder(runs: readonly RunFigures[]): (id: string) => RunFigures | undefined {
  return (id) => runs.find((r) => r.id === id);
}

/** `a / b` against a rule; not measured when either side is missing (a subset run). */
function ratioCheck(target: string, a: number | undefined, b: number | undefined, ok: (x: number) => boolean): TargetCheck {
  const value = a === undefined || b === undefined || b === 0 ? undefined : a / b;
  return { target, measured: value === undefined ? 'n/a' : `${value.toFixed(2)}×`, met: value === undefined ? undefined : ok(value) };
}

/** Issue 16's ratios against DBOS that the report also sets the minimal coordinator beside. */
export const Issue16VersusDbos = {
  /** Throughput at c=200: at least this many times DBOS's. */
  minThroughput: 1.5,
  /** p50 latency at c=1: at most this many times DBOS's. */
  maxP50AtOne: 1.0,
} as const;

/** The acceptance of issue 16, every ratio within this run. */
export function issue16Targets(runs: readonly RunFigures[]): TargetCheck[] {
  const f = finder(runs);
  const ours200 = f('ours-3-c200');
  const dbos200 = f('dbos-3-c200');
  return [
    ratioCheck('throughput at c=200 ≥ 1.5 × DBOS', ours200?.sagasPerSecond, dbos200?.sagasPerSecond, (x) => x >= Issue16VersusDbos.minThroughput),
    ratioCheck('total CPU per saga ≤ 1.0 × DBOS', ours200?.cpuPerSagaMs.total, dbos200?.cpuPerSagaMs.total, (x) => x <= 1.0),
    ratioCheck(
      "coordinator CPU per saga ≤ 2 × the minimal coordinator's",
      ours200?.cpuPerSagaMs.coordinator,
      f('minimal-3-c200')?.cpuPerSagaMs.coordinator,
      (x) => x <= 2,
    ),
    ratioCheck(
      "participant CPU per command ≤ 1.5 × the hand-written fenced participant's (both under our coordinator)",
      ours200?.participantCpuPerCommandMs,
      f('ours-3-c200-handwritten')?.participantCpuPerCommandMs,
      (x) => x <= 1.5,
    ),
    ratioCheck('p50 latency at c=1 ≤ 1.0 × DBOS', f('ours-3-c1')?.p50Ms, f('dbos-3-c1')?.p50Ms, (x) => x <= Issue16VersusDbos.maxP50AtOne),
    ratioCheck(
      'per-step cost flat from 3 to 30 steps (coordinator CPU per step within 20 %)',
      f('ours-30-c50')?.coordinatorCpuPerStepMs,
      f('ours-3-c50')?.coordinatorCpuPerStepMs,
      (x) => Math.abs(x - 1) <= 0.2,
    ),
  ];
}

/** The targets of issue 7, checked against this run. */
export function issue7Targets(runs: readonly RunFigures[]): TargetCheck[] {
  const f = finder(runs);
  const ours200 = f('ours-3-c200');
  const ceiling200 = f('ceiling-3-c200');
  const replicas3 = f('ours-3-c200-x3');
  const commits = ours200?.commitsPerSaga;
  const perReplica = replicas3 && ours200 ? replicas3.sagasPerSecond / 3 / ours200.sagasPerSecond : undefined;
  return [
    ratioCheck('throughput at c=200 ≥ 0.9 × ceiling', ours200?.sagasPerSecond, ceiling200?.sagasPerSecond, (x) => x >= 0.9),
    ratioCheck('throughput at c=200 ≥ 2.5 × DBOS', ours200?.sagasPerSecond, f('dbos-3-c200')?.sagasPerSecond, (x) => x >= 2.5),
    ratioCheck('total CPU per saga ≤ 1.2 × ceiling', ours200?.cpuPerSagaMs.total, ceiling200?.cpuPerSagaMs.total, (x) => x <= 1.2),
    {
      target: '≤ 4 coordinator-side PostgreSQL commits per 3-step saga',
      measured: fmt(commits, 2),
      met: commits === undefined ? undefined : commits <= 4,
    },
    ratioCheck('p50 latency at c=1 ≤ 1.2 × ceiling', f('ours-3-c1')?.p50Ms, f('ceiling-3-c1')?.p50Ms, (x) => x <= 1.2),
    {
      target: 'throughput per replica within 10 % from 1 to 3 replicas (or a saturated resource named)',
      measured:
        perReplica === undefined
          ? 'n/a'
          : `${perReplica.toFixed(2)}× per replica; machine CPU ${fmt((replicas3?.cpuUtilisation ?? 0) * 100, 0)} % busy`,
      met: perReplica === undefined ? undefined : perReplica >= 0.9 || (replicas3?.cpuUtilisation ?? 0) > 0.9,
    },
  ];
}
