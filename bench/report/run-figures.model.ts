/**
 * The per-run figures of the report. Counters are per saga over warm-up + measured sagas. Apart
 * from how they are computed (run-figures.ts), so that the report's text can be built and tested
 * without the processes that measure them.
 */
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
