import { readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ is 100 on Linux). */
const ticksPerSecond = 100;

/** CPU time of one process in milliseconds (user + system), or 0 if it is gone. */
export function processCpuMs(pid: number): number {
  const fields = statFields(pid);
  if (!fields) return 0;
  // After the ")" of comm: state is field 3; utime 14, stime 15 (1-based).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** Resident set size of one process in MiB, or 0 if it is gone. */
export function processRssMiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Read and write system calls of one process so far (`syscr`, `syscw` of `/proc/<pid>/io`), or undefined if it is gone. */
export function processSyscalls(pid: number): { reads: number; writes: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/io`, 'utf8');
    return { reads: Number(/syscr: (\d+)/.exec(text)?.[1] ?? 0), writes: Number(/syscw: (\d+)/.exec(text)?.[1] ?? 0) };
  } catch {
    return undefined;
  }
}

/** Fields of `/proc/<pid>/stat` after the command name (which may contain spaces). */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU milliseconds of each pid still alive (the ones gone are left out). */
export function cpuMsByPid(pids: readonly number[]): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const pid of pids) {
    if (statFields(pid)) byPid.set(pid, processCpuMs(pid));
  }
  return byPid;
}

/**
 * CPU spent between two `cpuMsByPid` readings by the pids of the second: a pid that appeared in
 * between started in between, so all of its CPU counts; a pid gone by the second reading is lost
 * (the groups it is used for keep their processes for the whole run).
 */
export function cpuMsBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
