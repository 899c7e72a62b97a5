import { spawn } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort, ServiceProcess } from '../../test/support/service-processes.js';

/** Compiled to `bench/.build/bench/infra/`: four levels up is the repository. */
export const repoRoot = resolve(import.meta.dirname, '..', '..', '..', '..');
/** The compiled bench's entry points. */
const benchEntryRoot = resolve(repoRoot, 'bench', '.build', 'bench');
/**
 * A private copy of `dist/` taken when the bench starts: other builds in the same tree
 * (`nest build` empties dist/ first) cannot pull the coordinator from under a run.
 */
const distSnapshot = resolve(repoRoot, 'bench', '.build', 'dist-snapshot');
/** Our coordinator in the snapshot of `npm run build`'s output. */
export const coordinatorEntry = resolve(distSnapshot, 'src', 'main.js');

/** Copies dist/ to the bench's snapshot; fails if there is no build within a minute. */
export async function snapshotCoordinatorBuild(): Promise<void> {
  const built = resolve(repoRoot, 'dist', 'src', 'main.js');
  // Another build in the same tree may be rewriting dist/ right now: give it a minute.
  for (let waited = 0; !existsSync(built); waited += 1000) {
    if (waited >= 60_000) throw new Error('dist/src/main.js is missing: run `npm run build` first (npm run bench does).');
    await new Promise((r) => setTimeout(r, 1000));
  }
  await new Promise((r) => setTimeout(r, 2000));
  rmSync(distSnapshot, { recursive: true, force: true });
  cpSync(resolve(repoRoot, 'dist'), distSnapshot, { recursive: true });
}

/** Spawns `node <entry>` with extra env; output is kept (and echoed with BENCH_LOGS=1). */
function spawnNode(label: string, entry: string, env: Record<string, string>, nodeArgs: readonly string[] = []): ServiceProcess {
  const child = spawn(process.execPath, [...nodeArgs, entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const service = new ServiceProcess(label, child);
  if (process.env.BENCH_LOGS) {
    child.stdout?.on('data', (chunk: Buffer) => process.stderr.write(`[${label}] ${chunk.toString('utf8')}`));
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${label}] ${chunk.toString('utf8')}`));
  }
  return service;
}

/** Polls `ready` every 50 ms; fails at once if the process exits, or after 60 s. */
async function waitUntilReady(service: ServiceProcess, ready: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await ready())) {
    if (!service.running) throw new Error(`${service.name} exited before it was ready:\n${service.log}`);
    if (Date.now() > deadline) {
      await service.kill();
      throw new Error(`${service.name} not ready after 60 s:\n${service.log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Spawns a compiled bench entry point (`bench/.build/bench/<relativeEntry>`) and waits for `readyLine`. */
export async function startBenchProcess(
  label: string,
  relativeEntry: string,
  env: Record<string, string>,
  readyLine: string,
): Promise<ServiceProcess> {
  const service = spawnNode(label, resolve(benchEntryRoot, relativeEntry), env);
  await waitUntilReady(service, () => service.log.includes(readyLine));
  return service;
}

/** Starts our coordinator (with `nodeArgs` such as `--cpu-prof`) on a free loopback port and waits until /health/ready answers 200. */
export async function startCoordinatorProcess(
  label: string,
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<{ process: ServiceProcess; baseUrl: string }> {
  const port = await freePort();
  const service = spawnNode(label, coordinatorEntry, { HOST: '127.0.0.1', ...env, PORT: String(port) }, nodeArgs);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(service, async () => (await fetch(`${baseUrl}/health/ready`).catch(() => undefined))?.status === 200);
  return { process: service, baseUrl };
}

/** The pid of a started process (always set for a spawned child). */
export function pidOf(service: ServiceProcess): number {
  return service.child.pid ?? 0;
}
