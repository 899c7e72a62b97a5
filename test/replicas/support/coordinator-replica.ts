import { eventually } from '../../support/test-infrastructure.js';
import { NpmScriptProcess, type NodeKill } from './npm-script-process.js';

/** The node command line `npm run start:coordinator` ends in. */
const CoordinatorEntry = 'dist/src/main.js';

/**
 * One coordinator replica on a fixed port, started the way an operator does:
 * `PORT=<port> npm run start:coordinator`. It can crash (SIGKILL of its node process) and be
 * started again on the same port; every incarnation's output is kept.
 */
export class CoordinatorReplica {
  readonly incarnations: NpmScriptProcess[] = [];
  /** Answers /health/ready and so takes new sagas. */
  ready = false;

  constructor(
    readonly label: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    /** Where `npm run` runs: the repository, or a patched copy of its build. */
    private readonly cwd?: string,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private get current(): NpmScriptProcess | undefined {
    return this.incarnations.at(-1);
  }

  /** `npm run start:coordinator`, then waits for /health/ready; returns how long that took. */
  async start(): Promise<number> {
    const started = Date.now();
    const npm = NpmScriptProcess.start(
      'start:coordinator',
      { ...this.env, PORT: String(this.port) },
      `${this.label}#${this.incarnations.length + 1}`,
      this.cwd,
    );
    this.incarnations.push(npm);
    await eventually(
      async () => {
        if (!npm.running) throw new Error(`${this.label} exited`);
        const response = await fetch(`${this.baseUrl}/health/ready`).catch(() => undefined);
        return response?.status === 200 ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 100, what: `${this.label} ready on ${this.baseUrl}` },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${npm.log.slice(-4000)}`);
    });
    this.ready = true;
    return Date.now() - started;
  }

  /** SIGKILL of the replica's node process: no shutdown hook, unacked deliveries go back to the broker. */
  async crash(): Promise<NodeKill> {
    const npm = this.current;
    if (!npm?.running) throw new Error(`${this.label} is not running`);
    this.ready = false;
    return npm.killNode(CoordinatorEntry);
  }

  async stop(): Promise<void> {
    this.ready = false;
    await Promise.all(this.incarnations.map((npm) => npm.stop()));
  }

  get log(): string {
    return this.incarnations.map((npm) => `--- ${npm.service.name}\n${npm.log.slice(-4000)}`).join('\n');
  }
}
