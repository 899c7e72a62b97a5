import { ParticipantKinds } from './infra/participants-process.js';
import type { ScenarioSpec } from './workload/scenario.js';

/** Sizes of one bench mode. */
export interface BenchPlan {
  readonly mode: 'quick' | 'full';
  readonly scenarios: readonly ScenarioSpec[];
  readonly limitDurationMs: number;
  /** Parked sagas started through the API, then the total reached by cloning. */
  readonly parkViaApi: number;
  readonly parkTotal: number;
  /** Sagas of the profiled run (its own run, not one of the measured ones). */
  readonly profileSagas: number;
}

/**
 * The runs of `npm run bench` (full: under 10 minutes; `--quick`: under 2 on a quiet machine
 * before the references were added, which cost about 8 % more CPU and a third more wall time
 * under a load average of 10: 6½ minutes there instead of 5). Sizes are sagas per run; the
 * 3-step runs are the ones the targets are read from.
 */
export function benchPlan(mode: 'quick' | 'full'): BenchPlan {
  const full = mode === 'full';
  const s = (
    id: string,
    system: ScenarioSpec['system'],
    steps: number,
    concurrency: number,
    sagas: number,
    extra: Partial<ScenarioSpec> = {},
  ): ScenarioSpec => ({
    id,
    system,
    participants: defaultParticipants[system],
    replicas: 1,
    steps,
    concurrency,
    sagas,
    warmup: full ? 100 : 10,
    compensateRatio: 0,
    ...extra,
  });
  return {
    mode,
    limitDurationMs: full ? 5000 : 1000,
    parkViaApi: full ? 2_000 : 200,
    parkTotal: full ? 100_000 : 2_000,
    profileSagas: full ? 500 : 100,
    // Runs compared with each other follow each other, so a change in the machine's load between
    // them skews the ratios as little as it can.
    scenarios: [
      s('ours-3-c1', 'ours', 3, 1, full ? 2000 : 60),
      s('ceiling-3-c1', 'ceiling', 3, 1, full ? 500 : 60),
      s('minimal-3-c1', 'minimal', 3, 1, full ? 500 : 60),
      s('dbos-3-c1', 'dbos', 3, 1, full ? 500 : 60),
      s('ours-3-c200', 'ours', 3, 200, full ? 2000 : 200),
      s('ours-3-c200-handwritten', 'ours', 3, 200, full ? 2000 : 200, { participants: ParticipantKinds.handWritten }),
      s('minimal-3-c200', 'minimal', 3, 200, full ? 2000 : 200),
      s('ceiling-3-c200', 'ceiling', 3, 200, full ? 2000 : 200),
      s('dbos-3-c200', 'dbos', 3, 200, full ? 2000 : 200),
      s('ours-3-c50', 'ours', 3, 50, full ? 2000 : 200),
      // Housekeeping's cost on the hot path: the same load without it, then with it deleting a
      // backlog of expired sagas (one-minute retention, swept every second) all through the run.
      s('ours-3-c50-hk-off', 'ours', 3, 50, full ? 2000 : 200, { coordinatorEnv: { HOUSEKEEPING_ENABLED: 'false' } }),
      s('ours-3-c50-hk', 'ours', 3, 50, full ? 2000 : 200, {
        coordinatorEnv: { RETENTION_FINISHED_SAGAS_MS: '60000', HOUSEKEEPING_INTERVAL_MS: '1000' },
        expiredBacklog: full ? 20_000 : 2_000,
      }),
      s('ours-10-c50', 'ours', 10, 50, full ? 300 : 30),
      s('ours-30-c50', 'ours', 30, 50, full ? 100 : 12),
      s('ours-3-c50-comp20', 'ours', 3, 50, full ? 1000 : 150, { compensateRatio: 0.2 }),
      s('minimal-3-c50-comp20', 'minimal', 3, 50, full ? 1000 : 150, { compensateRatio: 0.2 }),
      s('ours-3-c200-x3', 'ours', 3, 200, full ? 2000 : 200, { replicas: 3 }),
    ],
  };
}

/** Who answers each system's commands unless a scenario says otherwise. */
const defaultParticipants: Readonly<Record<ScenarioSpec['system'], ScenarioSpec['participants']>> = {
  ours: ParticipantKinds.sdk,
  ceiling: ParticipantKinds.sdk,
  minimal: ParticipantKinds.handWritten,
  dbos: 'in-process',
};
