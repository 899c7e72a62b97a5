import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { eventually } from './test-infrastructure.js';

/** Compiled entry points (`npm test` builds first). */
const repoRoot = resolve(import.meta.dirname, '../..');
export const Entrypoints = {
  coordinator: resolve(repoRoot, 'dist/src/main.js'),
  inventory: resolve(repoRoot, 'examples/order/dist/inventory/main.js'),
  payment: resolve(repoRoot, 'examples/order/dist/payment/main.js'),
  shipping: resolve(repoRoot, 'examples/order/dist/shipping/main.js'),
} as const;
export type ServiceName = keyof typeof Entrypoints;

/**
 * The example order saga's definition, relative to the repository root (or a copy of its
 * build): what `npm start` registers through `INITIAL_DEFINITIONS_FILE`, and so what the test
 * coordinators register unless a test names other definitions.
 */
export const ExampleOrderDefinitionFile = 'examples/order/order.definition.json';

/** A real OS process of one of our services, with its output kept for assertions. */
export class ServiceProcess {
  readonly output: string[] = [];
  private exitPromise: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private closePromise: Promise<void>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const collect = (chunk: Buffer) => {
      this.output.push(chunk.toString('utf8'));
      if (process.env.TEST_SERVICE_LOGS) process.stderr.write(`[${name}] ${chunk.toString('utf8')}`);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exitPromise = once(child, 'exit').then(([code, signal]) => ({
      code: code as number | null,
      signal: signal as NodeJS.Signals | null,
    }));
    // 'close' comes after 'exit' and after both pipes are drained ('exit' may come first).
    this.closePromise = once(child, 'close').then(
      () => undefined,
      () => undefined,
    );
  }

  get log(): string {
    return this.output.join('');
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  exited() {
    return this.exitPromise;
  }

  /**
   * Resolves once the process has exited and its stdout and stderr are read to the end: only
   * then does `log` hold every line it wrote. After `exited()` alone, the last chunk of a
   * process that wrote and died at once may still be in the pipe.
   */
  closed(): Promise<void> {
    return this.closePromise;
  }

  /** SIGKILL: no shutdown hooks, no goodbye — a crash. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exitPromise;
  }

  /** SIGTERM and wait for a clean exit. */
  async stop(timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.running) return this.exitPromise;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const result = await this.exitPromise;
    clearTimeout(timer);
    return result;
  }
}

export function startService(name: ServiceName, env: Record<string, string>, label: string = name): ServiceProcess {
  const child = spawn(process.execPath, [Entrypoints[name]], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new ServiceProcess(label, child);
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Starts a coordinator on a free port and waits until /health/ready answers 200. Auth is off
 * (`AUTH_DISABLED=true`) unless `env` sets `AUTH_DISABLED` itself: tests of auth pass `'false'`.
 * It registers the example order saga at start-up unless `env` names another
 * `INITIAL_DEFINITIONS_FILE`.
 */
export async function startCoordinator(
  env: Record<string, string>,
  label = 'coordinator',
): Promise<{ process: ServiceProcess; baseUrl: string; port: number }> {
  const port = Number(env.PORT ?? (await freePort()));
  const service = startService(
    'coordinator',
    { HOST: '127.0.0.1', AUTH_DISABLED: 'true', INITIAL_DEFINITIONS_FILE: resolve(repoRoot, ExampleOrderDefinitionFile), ...env, PORT: String(port) },
    label,
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (!service.running) throw new Error(`coordinator exited:\n${service.log}`);
      const response = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    },
    { timeoutMs: 60_000, what: `coordinator ready on ${baseUrl}` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n--- coordinator output ---\n${service.log}`);
  });
  return { process: service, baseUrl, port };
}
