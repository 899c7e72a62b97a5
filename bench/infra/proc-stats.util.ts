import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ is 100 on Linux). */
const ticksPerSecond = 100;

/** CPU time of one process in milliseconds (user + system), or 0 if it is gone. */
export function processCpuMs(pid: number, withReapedChildren = false): number {
  const fields = statFields(pid);
  if (!fields) return 0;
  // After the ")" of comm: state is field 3; utime 14, stime 15, cutime 16, cstime 17 (1-based).
  const own = Number(fields[11]) + Number(fields[12]);
  const children = withReapedChildren ? Number(fields[13]) + Number(fields[14]) : 0;
  return ((own + children) * 1000) / ticksPerSecond;
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

/** Fields of `/proc/<pid>/stat` after the command name (which may contain spaces). */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function parentPid(pid: number): number {
  return Number(statFields(pid)?.[1] ?? 0);
}

/** Pids of every process whose `comm` equals `name`. */
export function pidsByCommand(name: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => commandName(pid) === name);
}

/**
 * CPU of the whole PostgreSQL server: every live `postgres` process, plus the children the
 * postmaster already reaped (backends of closed connections), which Linux adds to its cutime.
 */
export function postgresCpuMs(): number {
  const pids = pidsByCommand('postgres');
  const postmasters = pids.filter((pid) => commandName(parentPid(pid)) !== 'postgres');
  return pids.reduce((sum, pid) => sum + processCpuMs(pid, postmasters.includes(pid)), 0);
}

/** CPU of the RabbitMQ Erlang VM (`beam.smp`). */
export function rabbitmqCpuMs(): number {
  return pidsByCommand('beam.smp').reduce((sum, pid) => sum + processCpuMs(pid), 0);
}
