import { percentile } from '../workload/closed-loop-driver.js';
import { measuredCommands, type ScenarioResult } from '../workload/scenario.js';

/** The per-run figures of the report. Counters are per saga over warm-up + measured sagas. */
export interface RunFigures {
  readonly id: string;
  readonly system: string;
  /** Who answered the commands: `sdk`, `hand-written`, or `in-process` (DBOS). */
  readonly participants: string;
  readonly replicas: number;
  readonly steps: number;
  readonly concurrency: number;
  readonly compensatePercent: number;
  readonly sagas: number;
  readonly sagasPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  /** Coordinator CPU per saga step (ms). */
  readonly coordinatorCpuPerStepMs: number;
  readonly cpuPerSagaMs: { coordinator: number; participants: number; postgres: number; rabbitmq: number; total: number };
  /** PostgreSQL CPU per saga split: the system's database, the fence database, background processes. */
  readonly postgresPerSagaMs: { system: number; fence: number; background: number };
  /** Read / write system calls of the coordinator process(es) per saga. */
  readonly coordinatorSyscallsPerSaga: { reads: number; writes: number };
  /** Read / write system calls of the participant process per command; undefined without one. */
  readonly participantSyscallsPerCommand: { reads: number; writes: number } | undefined;
  /** Participant process CPU per command it answered (ms); undefined without a participant process. */
  readonly participantCpuPerCommandMs: number | undefined;
  /** Committed transactions in the system's own database per saga. */
  readonly commitsPerSaga: number | undefined;
  /** Committed transactions in the participants' fence database per saga. */
  readonly fenceCommitsPerSaga: number | undefined;
  /** Messages published into the run's vhost per saga (commands + replies). */
  readonly messagesPerSaga: number | undefined;
  readonly coordinatorPeakRssMiB: number;
  readonly participantsPeakRssMiB: number;
  /** Share of the machine's cores the measured processes used during the run. */
  readonly cpuUtilisation: number;
}

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
