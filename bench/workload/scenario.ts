import type { ParticipantKind } from '../infra/participants-process.js';
import { ResourceMeter, type ResourceUsage } from '../infra/resource-meter.js';
import { createRunEnvironment, type RunEnvironment } from '../infra/run-environment.js';
import type { SagaRequest, SystemUnderTest } from '../infra/system-under-test.js';
import { runClosedLoop, type LoadResult } from './closed-loop-driver.js';

/** Which system a scenario measures. */
export const SystemKinds = {
  /** Our NestJS coordinator (dist/src/main.js). */
  ours: 'ours',
  /** The framework-free coordinator of the same shape (bench/ceiling). */
  ceiling: 'ceiling',
  /** The minimal coordinator: no inbox, outbox, step log or timers (bench/reference). */
  minimal: 'minimal',
  /** The order saga on DBOS Transact. */
  dbos: 'dbos',
} as const;
export type SystemKind = (typeof SystemKinds)[keyof typeof SystemKinds];

/** One measured run. */
export interface ScenarioSpec {
  readonly id: string;
  readonly system: SystemKind;
  /** Who answers the commands: the SDK or the hand-written participants, or DBOS's own steps. */
  readonly participants: ParticipantKind | 'in-process';
  readonly replicas: number;
  readonly steps: number;
  readonly concurrency: number;
  readonly sagas: number;
  /** Sagas run before measuring (JIT, pools, connections warm). */
  readonly warmup: number;
  /** Fraction of sagas whose last step refuses, so the others compensate. */
  readonly compensateRatio: number;
  /** Extra coordinator environment of this run (ours only). */
  readonly coordinatorEnv?: Readonly<Record<string, string>>;
  /** Finished sagas past their retention seeded before the run, for housekeeping to delete during it (ours only). */
  readonly expiredBacklog?: number;
}

/** A run's numbers; the PostgreSQL and RabbitMQ counters are read after its processes exit. */
export interface ScenarioResult {
  readonly spec: ScenarioSpec;
  readonly load: LoadResult;
  readonly usage: ResourceUsage;
  readonly environment: RunEnvironment;
  /** Wall-clock ms when the run's processes had stopped. */
  readonly stoppedAt: number;
  /** Notifications the bench's completion listener read (one commit each in the system's database). */
  readonly listenerNotifications: number;
}

/** Starts a system for a spec on a fresh environment. */
export type SystemStarter = (spec: ScenarioSpec, environment: RunEnvironment) => Promise<SystemUnderTest>;

/** The saga of the `index`-th start of a spec. */
export function sagaRequest(spec: ScenarioSpec, index: number): SagaRequest {
  const compensates = spec.compensateRatio > 0 && index % Math.round(1 / spec.compensateRatio) === 0;
  return { definition: `bench-${spec.steps}`, input: compensates ? { n: index, failAt: spec.steps } : { n: index } };
}

/**
 * Commands the participants answer for the measured sagas of a spec: every step's execute, and
 * for a saga whose last step refuses, the compensations of the steps before it.
 */
export function measuredCommands(spec: ScenarioSpec): number {
  let total = 0;
  for (let index = 0; index < spec.sagas; index++) total += sagaRequest(spec, index).input.failAt === undefined ? spec.steps : 2 * spec.steps - 1;
  return total;
}

/**
 * Fresh environment → start the system → warm up → measure the closed loop with CPU and
 * RSS sampling → stop. The environment is kept for the counters and disposed by the caller.
 */
export async function runScenario(spec: ScenarioSpec, start: SystemStarter, log: (line: string) => void): Promise<ScenarioResult> {
  const environment = await createRunEnvironment(spec.id);
  let system: SystemUnderTest | undefined;
  try {
    system = await start(spec, environment);
    const sut = system;
    const runOne = (index: number) => sut.runSaga(sagaRequest(spec, index));
    if (spec.warmup > 0) await runClosedLoop(spec.warmup, Math.min(spec.concurrency, 50), (i) => runOne(spec.sagas + i));
    const meter = new ResourceMeter(
      () => sut.coordinatorPids(),
      () => sut.participantPids(),
      { system: environment.databaseName, fence: environment.fenceDatabaseName },
      sut.listener?.backendPid === undefined ? [] : [sut.listener.backendPid],
    );
    await meter.start();
    const load = await runClosedLoop(spec.sagas, spec.concurrency, runOne);
    const usage = await meter.stop();
    log(
      `  ${spec.id}: ${spec.sagas} sagas in ${(load.elapsedMs / 1000).toFixed(1)} s → ${((spec.sagas * 1000) / load.elapsedMs).toFixed(0)}/s ${JSON.stringify(load.outcomes)}`,
    );
    await system.stop();
    return { spec, load, usage, environment, stoppedAt: Date.now(), listenerNotifications: sut.listener?.notifications ?? 0 };
  } catch (error) {
    await system?.stop().catch(() => undefined);
    await environment.dispose().catch(() => undefined);
    throw error;
  }
}
