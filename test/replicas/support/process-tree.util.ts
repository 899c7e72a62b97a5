import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One process below a given one, as `ps` shows it. */
export interface DescendantProcess {
  readonly pid: number;
  readonly args: string;
}

/**
 * Every process below `rootPid` (children, grandchildren …). `npm run` starts its script
 * through `sh -c`, so the node process a script runs is a grandchild of the npm process:
 * signals sent to npm (SIGKILL above all, which cannot be forwarded) never reach it.
 */
export async function descendantsOf(rootPid: number): Promise<DescendantProcess[]> {
  const { stdout } = await run('ps', ['-e', '-o', 'pid=,ppid=,args='], { maxBuffer: 8 * 1024 * 1024 });
  const children = new Map<number, DescendantProcess[]>();
  for (const line of stdout.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [, pid, ppid, args] = match;
    const siblings = children.get(Number(ppid)) ?? [];
    siblings.push({ pid: Number(pid), args: args! });
    children.set(Number(ppid), siblings);
  }
  const found: DescendantProcess[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** Whether a process with this pid still exists (a zombie counts as gone once its parent reaped it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
