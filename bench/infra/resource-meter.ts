import { cpuMsBetween, cpuMsByPid, processRssMiB, processSyscalls } from './proc-stats.util.js';
import { postgresPidsOf, rabbitmqPids } from './server-processes.js';

/** The process groups whose CPU a run is charged with. */
export const CpuGroups = {
  /** The system under test's coordinator process(es) (ours, the ceiling, or the DBOS app). */
  coordinator: 'coordinator',
  /** The bench participant process (SDK or hand-written, fence transactions). */
  participants: 'participants',
  /** The run's own PostgreSQL backends and the server's background processes (see postgresPidsOf). */
  postgres: 'postgres',
  /** The RabbitMQ node serving the run's vhost (its Erlang VM). */
  rabbitmq: 'rabbitmq',
} as const;
export type CpuGroup = (typeof CpuGroups)[keyof typeof CpuGroups];

/** CPU milliseconds per group over a measured interval, and peak RSS of our own processes. */
export interface ResourceUsage {
  readonly cpuMs: Record<CpuGroup, number>;
  /** The PostgreSQL group split: backends of the system's database, of the fence database, and the background processes. */
  readonly postgresMs: { readonly system: number; readonly fence: number; readonly background: number };
  /**
   * Read and write system calls of our own processes over the interval: nearly all are socket
   * reads and writes, the cost the coordinator's profile puts first (one per statement, per
   * publish, per ack unless corked), and unlike CPU time they do not depend on the machine's load.
   */
  readonly syscalls: { readonly coordinator: Syscalls; readonly participants: Syscalls };
  /** Highest sampled RSS (MiB) of the coordinator processes together. */
  readonly coordinatorPeakRssMiB: number;
  /** Highest sampled RSS (MiB) of the participant processes together. */
  readonly participantsPeakRssMiB: number;
}

/** Read and write system calls. */
export interface Syscalls {
  readonly reads: number;
  readonly writes: number;
}

type Snapshot = Record<CpuGroup, Map<number, number>> & {
  readonly databaseOf: ReadonlyMap<number, string | null>;
  readonly syscalls: { readonly coordinator: Map<number, Syscalls>; readonly participants: Map<number, Syscalls> };
};

/**
 * Measures CPU from `/proc` (utime + stime deltas per pid) and samples RSS every 200 ms while a
 * run goes on. The pids are read at each snapshot, so replicas started before `start()` count,
 * and PostgreSQL backends the run's pools open during the window count from their start.
 */
export class ResourceMeter {
  private before: Snapshot | undefined;
  private peakCoordinator = 0;
  private peakParticipants = 0;
  private sampler: NodeJS.Timeout | undefined;

  constructor(
    private readonly coordinatorPids: () => readonly number[],
    private readonly participantPids: () => readonly number[],
    /** The run's databases: their backends are the PostgreSQL CPU the run is charged with. */
    private readonly databases: { readonly system: string; readonly fence: string },
    /** PostgreSQL backends of the bench itself (the completion listener), left out. */
    private readonly benchBackendPids: readonly number[] = [],
  ) {}

  async start(): Promise<void> {
    this.before = await this.snapshot();
    this.peakCoordinator = 0;
    this.peakParticipants = 0;
    this.sampleRss();
    this.sampler = setInterval(() => this.sampleRss(), 200);
  }

  async stop(): Promise<ResourceUsage> {
    if (!this.before) throw new Error('ResourceMeter.stop() before start()');
    clearInterval(this.sampler);
    this.sampleRss();
    const after = await this.snapshot();
    const before = this.before;
    const cpuMs = Object.fromEntries(Object.values(CpuGroups).map((group) => [group, cpuMsBetween(before[group], after[group])])) as Record<
      CpuGroup,
      number
    >;
    const postgresMs = { system: 0, fence: 0, background: 0 };
    for (const [pid, ms] of after.postgres) {
      const database = after.databaseOf.get(pid);
      const spent = ms - (before.postgres.get(pid) ?? 0);
      if (database === this.databases.system) postgresMs.system += spent;
      else if (database === this.databases.fence) postgresMs.fence += spent;
      else postgresMs.background += spent;
    }
    const syscalls = {
      coordinator: syscallsBetween(before.syscalls.coordinator, after.syscalls.coordinator),
      participants: syscallsBetween(before.syscalls.participants, after.syscalls.participants),
    };
    return { cpuMs, postgresMs, syscalls, coordinatorPeakRssMiB: this.peakCoordinator, participantsPeakRssMiB: this.peakParticipants };
  }

  private async snapshot(): Promise<Snapshot> {
    const [postgres, rabbitmq] = await Promise.all([postgresPidsOf([this.databases.system, this.databases.fence]), rabbitmqPids()]);
    return {
      coordinator: cpuMsByPid(this.coordinatorPids()),
      participants: cpuMsByPid(this.participantPids()),
      postgres: cpuMsByPid(postgres.map((p) => p.pid).filter((pid) => !this.benchBackendPids.includes(pid))),
      rabbitmq: cpuMsByPid(rabbitmq),
      databaseOf: new Map(postgres.map((p) => [p.pid, p.database])),
      syscalls: { coordinator: syscallsByPid(this.coordinatorPids()), participants: syscallsByPid(this.participantPids()) },
    };
  }

  private sampleRss(): void {
    this.peakCoordinator = Math.max(this.peakCoordinator, sum(this.coordinatorPids().map(processRssMiB)));
    this.peakParticipants = Math.max(this.peakParticipants, sum(this.participantPids().map(processRssMiB)));
  }
}

function syscallsByPid(pids: readonly number[]): Map<number, Syscalls> {
  const byPid = new Map<number, Syscalls>();
  for (const pid of pids) {
    const counts = processSyscalls(pid);
    if (counts) byPid.set(pid, counts);
  }
  return byPid;
}

function syscallsBetween(before: ReadonlyMap<number, Syscalls>, after: ReadonlyMap<number, Syscalls>): Syscalls {
  let reads = 0;
  let writes = 0;
  for (const [pid, counts] of after) {
    reads += counts.reads - (before.get(pid)?.reads ?? 0);
    writes += counts.writes - (before.get(pid)?.writes ?? 0);
  }
  return { reads, writes };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
