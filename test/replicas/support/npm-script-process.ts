import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServiceProcess } from '../../support/service-processes.js';
import { eventually } from '../../support/test-infrastructure.js';
import { descendantsOf, isAlive, type DescendantProcess } from './process-tree.util.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

/** What a SIGKILL of a script's node process did. */
export interface NodeKill {
  readonly pid: number;
  readonly args: string;
  /** The process was gone when we looked again. */
  readonly gone: boolean;
  /** How `npm run` ended once its node process died (npm cannot catch or forward SIGKILL). */
  readonly npmExit: string;
}

/**
 * `npm run <script>` as a user types it, with its output kept. The services run as node
 * processes two levels below npm (npm → sh -c → node), so crashing one means finding that node
 * process and SIGKILLing it: killing npm would leave the service running as an orphan.
 */
export class NpmScriptProcess {
  private constructor(
    readonly script: string,
    readonly service: ServiceProcess,
  ) {}

  /** `cwd` is the repository by default; a patched copy of it (chaos-build.ts) for a broken variant. */
  static start(script: string, env: Record<string, string>, label: string, cwd: string = repoRoot): NpmScriptProcess {
    const child = spawn('npm', ['run', script], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new NpmScriptProcess(script, new ServiceProcess(label, child));
  }

  get log(): string {
    return this.service.log;
  }

  get running(): boolean {
    return this.service.running;
  }

  /** The node processes the script started whose command line contains `entry` (waits until `count` exist). */
  async nodeProcesses(entry: string, count = 1, timeoutMs = 60_000): Promise<DescendantProcess[]> {
    const pid = this.service.child.pid;
    if (pid === undefined) throw new Error(`npm run ${this.script} did not start`);
    return eventually(
      async () => {
        if (!this.running) throw new Error(`npm run ${this.script} exited:\n${this.log.slice(-3000)}`);
        const found = (await descendantsOf(pid)).filter((p) => /^(\S*\/)?node\s/.test(p.args) && p.args.includes(entry));
        return found.length >= count ? found : undefined;
      },
      { timeoutMs, intervalMs: 100, what: `${count} node process(es) running ${entry} under npm run ${this.script}` },
    );
  }

  /** SIGKILLs the node process running `entry` (a crash: no shutdown hook runs) and waits for npm to notice. */
  async killNode(entry: string): Promise<NodeKill> {
    const [target] = await this.nodeProcesses(entry);
    process.kill(target!.pid, 'SIGKILL');
    const { code, signal } = await this.service.exited();
    return { pid: target!.pid, args: target!.args, gone: !isAlive(target!.pid), npmExit: signal ? `signal ${signal}` : `code ${code}` };
  }

  /**
   * SIGTERM to every process below npm (the services shut down gracefully), then SIGKILL to
   * whatever is left after `timeoutMs`.
   */
  async stop(timeoutMs = 15_000): Promise<void> {
    const pid = this.service.child.pid;
    if (pid === undefined || !this.running) return; // an exited npm's pid may belong to someone else by now
    const tree = [...(await descendantsOf(pid).catch(() => [])).map((p) => p.pid), pid];
    const signal = (name: NodeJS.Signals) => {
      for (const member of tree) {
        try {
          process.kill(member, name);
        } catch {
          // already gone
        }
      }
    };
    signal('SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (tree.some(isAlive) && Date.now() < deadline) await sleep(100);
    signal('SIGKILL');
    await this.service.exited();
  }
}
