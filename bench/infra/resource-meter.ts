import { postgresCpuMs, processCpuMs, processRssMiB, rabbitmqCpuMs } from './proc-stats.util.js';

/** The process groups whose CPU a run is charged with. */
export const CpuGroups = {
  /** The system under test's coordinator process(es) (ours, the ceiling, or the DBOS app). */
  coordinator: 'coordinator',
  /** The bench participant process (SDK, fence transactions). */
  participants: 'participants',
  /** Every PostgreSQL process, including reaped backends. */
  postgres: 'postgres',
  /** The RabbitMQ Erlang VM. */
  rabbitmq: 'rabbitmq',
} as const;
export type CpuGroup = (typeof CpuGroups)[keyof typeof CpuGroups];

/** CPU milliseconds per group over a measured interval, and peak RSS of our own processes. */
export interface ResourceUsage {
  readonly cpuMs: Record<CpuGroup, number>;
  /** Highest sampled RSS (MiB) of the coordinator processes together. */
  readonly coordinatorPeakRssMiB: number;
  /** Highest sampled RSS (MiB) of the participant processes together. */
  readonly participantsPeakRssMiB: number;
}

/**
 * Measures CPU from `/proc` (utime + stime deltas) and samples RSS every 200 ms while a run
 * goes on. The pids are read at each snapshot, so replicas started before `start()` count.
 */
export class ResourceMeter {
  private before: Record<CpuGroup, number> | undefined;
  private peakCoordinator = 0;
  private peakParticipants = 0;
  private sampler: NodeJS.Timeout | undefined;

  constructor(
    private readonly coordinatorPids: () => readonly number[],
    private readonly participantPids: () => readonly number[],
  ) {}

  start(): void {
    this.before = this.snapshot();
    this.peakCoordinator = 0;
    this.peakParticipants = 0;
    this.sampleRss();
    this.sampler = setInterval(() => this.sampleRss(), 200);
  }

  stop(): ResourceUsage {
    if (!this.before) throw new Error('ResourceMeter.stop() before start()');
    clearInterval(this.sampler);
    this.sampleRss();
    const after = this.snapshot();
    const before = this.before;
    const cpuMs = Object.fromEntries(
      Object.values(CpuGroups).map((group) => [group, after[group] - before[group]]),
    ) as Record<CpuGroup, number>;
    return { cpuMs, coordinatorPeakRssMiB: this.peakCoordinator, participantsPeakRssMiB: this.peakParticipants };
  }

  private snapshot(): Record<CpuGroup, number> {
    return {
      coordinator: sum(this.coordinatorPids().map((pid) => processCpuMs(pid))),
      participants: sum(this.participantPids().map((pid) => processCpuMs(pid))),
      postgres: postgresCpuMs(),
      rabbitmq: rabbitmqCpuMs(),
    };
  }

  private sampleRss(): void {
    this.peakCoordinator = Math.max(this.peakCoordinator, sum(this.coordinatorPids().map(processRssMiB)));
    this.peakParticipants = Math.max(this.peakParticipants, sum(this.participantPids().map(processRssMiB)));
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
