import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { RABBITMQ_MANAGEMENT_URL as managementUrl, RABBITMQ_NODE } from '../../support/test-infrastructure.js';

const execFileAsync = promisify(execFile);

/** `rabbitmqctl` against the tests' broker node (the chaos suite's private node when TEST_RABBITMQ_NODE is set). */
export function rabbitmqctl(args: readonly string[], timeoutMs = 30_000): Promise<{ stdout: string }> {
  return execFileAsync('rabbitmqctl', [...(RABBITMQ_NODE ? ['-n', RABBITMQ_NODE] : []), ...args], { timeout: timeoutMs });
}
const auth = 'Basic ' + Buffer.from('guest:guest').toString('base64');

async function call<T>(method: string, path: string): Promise<T> {
  const response = await fetch(`${managementUrl}/api${path}`, { method, headers: { authorization: auth } });
  if (!response.ok && response.status !== 404) throw new Error(`RabbitMQ management ${method} ${path}: ${response.status}`);
  return (response.status === 204 || method === 'DELETE' ? undefined : await response.json()) as T;
}

/** Queues of a vhost with their message counts (ready + unacked). */
export async function vhostQueues(vhost: string): Promise<Array<{ name: string; messages: number }>> {
  const queues = await call<Array<{ name: string; messages?: number }>>('GET', `/queues/${encodeURIComponent(vhost)}`);
  return (queues ?? []).map((q) => ({ name: q.name, messages: q.messages ?? 0 }));
}

/**
 * Closes every client connection of one vhost, one by one (like `closeAllConnectionsOfVhost`,
 * but counting what it closed). Lists with rabbitmqctl (the management API's list lags by its stats interval) and closes
 * each by name through the management API, falling back to `rabbitmqctl close_connection`.
 * Returns how many it closed.
 */
export async function closeVhostConnections(vhost: string): Promise<number> {
  let closed = 0;
  for (const { name, pid } of await vhostConnections(vhost)) {
    const response = await fetch(`${managementUrl}/api/connections/${encodeURIComponent(name)}`, {
      method: 'DELETE',
      headers: { authorization: auth, 'x-reason': 'chaos suite' },
    });
    if (response.ok) closed += 1;
    else if (
      await rabbitmqctl(['close_connection', pid, 'chaos suite']).then(
        () => true,
        () => false,
      )
    )
      closed += 1;
  }
  return closed;
}

/** The client connections of one vhost, listed by rabbitmqctl (current, unlike the management API's stats). */
export async function vhostConnections(vhost: string): Promise<Array<{ name: string; pid: string }>> {
  const { stdout } = await rabbitmqctl(['-q', '--no-table-headers', 'list_connections', 'vhost', 'name', 'pid']);
  return stdout
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((fields) => fields.length === 3 && fields[0] === vhost)
    .map(([, name, pid]) => ({ name: name!, pid: pid! }));
}

/** `rabbitmqctl close_all_connections -p <vhost>`: the broker closes every connection of that vhost only. */
export async function closeAllConnectionsOfVhost(vhost: string, reason: string): Promise<void> {
  await rabbitmqctl(['-q', 'close_all_connections', '-p', vhost, reason]);
}

export async function deleteQueue(vhost: string, queue: string): Promise<void> {
  await call('DELETE', `/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(queue)}`);
}

export async function brokerVersion(): Promise<string> {
  const overview = await call<{ rabbitmq_version?: string }>('GET', '/overview');
  return overview?.rabbitmq_version ?? 'unknown';
}

/** Connections of one vhost that the broker blocks or is about to block (a resource alarm holds their publishes). */
export async function blockedConnections(vhost: string): Promise<number> {
  const { stdout } = await rabbitmqctl(['-q', '--no-table-headers', 'list_connections', 'vhost', 'state']);
  return stdout
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([connectionVhost, state]) => connectionVhost === vhost && (state === 'blocked' || state === 'blocking')).length;
}

/** Whether the broker node has raised its memory alarm (management API). */
export async function memoryAlarmRaised(): Promise<boolean> {
  const nodes = await call<Array<{ mem_alarm?: boolean }>>('GET', '/nodes');
  return (nodes ?? []).some((node) => node.mem_alarm === true);
}
