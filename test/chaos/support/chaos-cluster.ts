import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { ExampleOrderDefinitionFile, freePort, ServiceProcess } from '../../support/service-processes.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../../support/test-infrastructure.js';
import type { ChaosBuild, ChaosServiceName } from './chaos-build.js';

/** Extra environment of every process of a participant the scenario starts, by participant. */
export type ParticipantEnv = Readonly<Partial<Record<Exclude<ChaosServiceName, 'coordinator'>, Readonly<Record<string, string>>>>>;
import { installParticipantLedger } from '../../support/participant-ledger.js';

/** A coordinator replica of a chaos run. */
export interface CoordinatorReplica {
  readonly process: ServiceProcess;
  readonly baseUrl: string;
  readonly label: string;
}

/** Where the faketime package puts the library (`FAKETIME_LIB` to point elsewhere). */
const libfaketimeCandidates = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/faketime/libfaketime.so.1',
  '/usr/local/lib/faketime/libfaketime.so.1',
];

function libfaketimePath(): string {
  const path = [process.env.FAKETIME_LIB, ...libfaketimeCandidates].find((candidate) => candidate !== undefined && existsSync(candidate));
  if (path === undefined) throw new Error('libfaketime not found: apt-get install faketime (or set FAKETIME_LIB)');
  return path;
}

/** Settings every coordinator of a chaos run gets (auth and quotas would only get in the way of the load). */
const coordinatorDefaults = {
  AUTH_DISABLED: 'true',
  RATE_LIMIT_PER_KEY: '1000000',
  MAX_IN_FLIGHT_SAGAS_PER_KEY: '10000000',
  OUTBOX_POLL_INTERVAL_MS: '500',
  TIMER_POLL_INTERVAL_MS: '250',
  LOG_LEVEL: 'warn',
  // Relative to the build copy, where the processes run: the example order saga.
  INITIAL_DEFINITIONS_FILE: ExampleOrderDefinitionFile,
} as const;

/**
 * One scenario's system: a fresh database and vhost, coordinator replicas and the three
 * example participants as real processes spawned from a (possibly broken) build.
 */
export class ChaosCluster {
  readonly coordinators: CoordinatorReplica[] = [];
  readonly participants = new Map<ChaosServiceName, ServiceProcess>();
  /** Every process ever started, for the post-mortem and the cleanup. */
  readonly all: ServiceProcess[] = [];
  readonly db: pg.Pool;
  /** Run first on dispose: things the processes depend on until the end (e.g. a proxy). */
  private readonly cleanups: Array<() => Promise<void>> = [];

  private constructor(
    readonly build: ChaosBuild,
    readonly infra: TestInfrastructure,
    private readonly coordinatorEnv: Readonly<Record<string, string>> = {},
    private readonly participantEnv: ParticipantEnv = {},
  ) {
    this.db = new pg.Pool({ connectionString: infra.databaseUrl, max: 4 });
    this.db.on('error', () => undefined); // backends terminated on purpose in some scenarios
  }

  static async create(
    build: ChaosBuild,
    coordinatorEnv: Readonly<Record<string, string>> = {},
    participantEnv: ParticipantEnv = {},
  ): Promise<ChaosCluster> {
    return new ChaosCluster(build, await createTestInfrastructure('saga_chaos'), coordinatorEnv, participantEnv);
  }

  /** Every service gets every broker node (one URL on a single broker, comma-separated on a cluster). */
  get env(): Record<string, string> {
    return { DATABASE_URL: this.infra.databaseUrl, RABBITMQ_URL: this.infra.rabbitmqUrls.join(',') };
  }

  /** Base URLs of the replicas still running. */
  liveUrls(): string[] {
    return this.coordinators.filter((c) => c.process.running).map((c) => c.baseUrl);
  }

  /**
   * Spawns a service of the build. With `clockOffset` (libfaketime syntax, e.g. "+5m") its wall
   * clock is skewed (its monotonic clock, Node's timers, is not). libfaketime is preloaded into
   * node itself rather than run through the `faketime` wrapper, which would stay the parent: a
   * signal to the wrapper does not reach node.
   */
  spawn(name: ChaosServiceName, env: Record<string, string>, label: string, clockOffset?: string): ServiceProcess {
    const skew = clockOffset === undefined ? {} : { LD_PRELOAD: libfaketimePath(), FAKETIME: clockOffset, FAKETIME_DONT_FAKE_MONOTONIC: '1' };
    const child = spawn(process.execPath, [this.build.entry(name)], {
      cwd: this.build.root,
      env: { ...process.env, ...this.env, LOG_LEVEL: 'warn', ...skew, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(label, child);
    this.all.push(service);
    return service;
  }

  async startCoordinator(label: string, env: Record<string, string> = {}, clockOffset?: string): Promise<CoordinatorReplica> {
    const port = await freePort();
    const service = this.spawn(
      'coordinator',
      { ...coordinatorDefaults, ...this.coordinatorEnv, HOST: '127.0.0.1', PORT: String(port), ...env },
      label,
      clockOffset,
    );
    const baseUrl = `http://127.0.0.1:${port}`;
    await eventually(
      async () => {
        if (!service.running) throw new Error(`${label} exited:\n${service.log}`);
        const response = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
        return response?.status === 200 ? true : undefined;
      },
      { timeoutMs: 60_000, what: `${label} ready` },
    ).catch(async (error: Error) => {
      const response = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
      throw new Error(`${error.message}; /health/ready answers ${response?.status} ${await response?.text()}\n${service.log.slice(-3000)}`);
    });
    const replica = { process: service, baseUrl, label };
    this.coordinators.push(replica);
    return replica;
  }

  startParticipant(name: Exclude<ChaosServiceName, 'coordinator'>, env: Record<string, string> = {}, label: string = name): ServiceProcess {
    const service = this.spawn(name, { ...this.participantEnv[name], ...env }, label);
    this.participants.set(name, service);
    return service;
  }

  /** Starts the three participants (optionally with extra env for one) and waits for their tables and announcements. */
  async startParticipants(envFor: Partial<Record<ChaosServiceName, Record<string, string>>> = {}): Promise<void> {
    for (const name of ['inventory', 'payment', 'shipping'] as const) this.startParticipant(name, envFor[name] ?? {});
    await this.waitForParticipantTables();
    await installParticipantLedger(this.db);
  }

  async waitForParticipantTables(): Promise<void> {
    await eventually(
      async () => {
        const { rows } = await this.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_tables WHERE (schemaname, tablename) IN
             (('inventory', 'reservations'), ('payment', 'charges'), ('shipping', 'shipments'),
              ('inventory', 'saga_fence'), ('payment', 'saga_fence'), ('shipping', 'saga_fence'))`,
        );
        return Number(rows[0]?.n) === 6 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'participant tables' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${this.postMortem()}`);
    });
  }

  /** Waits until a coordinator lists the three participants (their consumers are up). */
  async waitForAnnouncements(baseUrl: string): Promise<void> {
    await eventually(
      async () => {
        const response = await fetch(`${baseUrl}/v1/participants`);
        const body = await response.json();
        return Array.isArray(body) && body.length === 3 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the three participants to announce themselves' },
    );
  }

  /**
   * The usual start: one coordinator (its topology first, so the participants' start-up
   * announcements find their queue), then the three participants, the ledger, and a wait
   * until the coordinator has heard from all three.
   */
  async startSystem(
    coordinatorEnv: Record<string, string> = {},
    participantEnv: Partial<Record<ChaosServiceName, Record<string, string>>> = {},
  ): Promise<CoordinatorReplica> {
    const replica = await this.startCoordinator('coordinator-A', coordinatorEnv);
    await this.startParticipants(participantEnv);
    await this.waitForAnnouncements(replica.baseUrl);
    return replica;
  }

  /** The logs of every process, for a failure message. */
  postMortem(): string {
    return this.all.map((s) => `--- ${s.name} (running: ${s.running})\n${s.log.slice(-4000)}`).join('\n');
  }

  /** Keeps `close` for the end of the scenario, after quiescence and the invariants. */
  onDispose(close: () => Promise<void>): void {
    this.cleanups.push(close);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.all.map((s) => s.stop(5_000).catch(() => undefined)));
    for (const close of this.cleanups.splice(0)) await close().catch(() => undefined);
    await this.db.end().catch(() => undefined);
    await this.infra.dispose().catch(() => undefined);
  }
}
