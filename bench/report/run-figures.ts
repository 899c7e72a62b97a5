import { percentile } from '../workload/closed-loop-driver.js';
import { measuredCommands, type ScenarioResult } from '../workload/scenario.js';
import type { RunFigures } from './run-figures.model.js';

/** Counters read after the run's processes exited. */
export interface RunCounters {
  readonly commits: number | undefined;
  readonly fenceCommits: number | undefined;
  readonly messages: number | undefined;
}

export function runFigures(result: ScenarioResult, counters: RunCounters, cores: number): RunFigures {
  const { spec, load, usage } = result;
  const per = (ms: number) => ms / load.sagas;
  const cpu = usage.cpuMs;
  const total = cpu.coordinator + cpu.participants + cpu.postgres + cpu.rabbitmq;
  const started = spec.sagas + spec.warmup;
  const commands = measuredCommands(spec);
  const perStarted = (count: number | undefined) => (count === undefined ? undefined : count / started);
  return {
    id: spec.id,
    system: spec.system,
    participants: spec.participants,
    replicas: spec.replicas,
    steps: spec.steps,
    concurrency: spec.concurrency,
    compensatePercent: Math.round(spec.compensateRatio * 100),
    sagas: load.sagas,
    sagasPerSecond: (load.sagas * 1000) / load.elapsedMs,
    p50Ms: percentile(load.latenciesMs, 50),
    p95Ms: percentile(load.latenciesMs, 95),
    p99Ms: percentile(load.latenciesMs, 99),
    coordinatorCpuPerStepMs: cpu.coordinator / (load.sagas * spec.steps),
    cpuPerSagaMs: {
      coordinator: per(cpu.coordinator),
      participants: per(cpu.participants),
      postgres: per(cpu.postgres),
      rabbitmq: per(cpu.rabbitmq),
      total: per(total),
    },
    postgresPerSagaMs: { system: per(usage.postgresMs.system), fence: per(usage.postgresMs.fence), background: per(usage.postgresMs.background) },
    coordinatorSyscallsPerSaga: { reads: per(usage.syscalls.coordinator.reads), writes: per(usage.syscalls.coordinator.writes) },
    participantSyscallsPerCommand:
      spec.participants === 'in-process'
        ? undefined
        : { reads: usage.syscalls.participants.reads / commands, writes: usage.syscalls.participants.writes / commands },
    participantCpuPerCommandMs: spec.participants === 'in-process' ? undefined : cpu.participants / commands,
    commitsPerSaga: perStarted(counters.commits),
    fenceCommitsPerSaga: perStarted(counters.fenceCommits),
    messagesPerSaga: perStarted(counters.messages),
    coordinatorPeakRssMiB: usage.coordinatorPeakRssMiB,
    participantsPeakRssMiB: usage.participantsPeakRssMiB,
    cpuUtilisation: total / load.elapsedMs / cores,
  };
}
