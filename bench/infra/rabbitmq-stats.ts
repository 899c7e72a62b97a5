import { RABBITMQ_HOST } from '../../test/support/test-infrastructure.js';

const managementUrl = process.env.TEST_RABBITMQ_MANAGEMENT_URL ?? `http://${RABBITMQ_HOST}:15672`;
const authorization = 'Basic ' + Buffer.from('guest:guest').toString('base64');

interface VhostStats {
  message_stats?: { publish?: number };
}

/**
 * Messages published into a vhost, from the management API, once every publish up to
 * `stoppedAt` (when the run's processes had exited) is in its statistics. Those arrive in two
 * hops of up to 5 s each (the channel's counters are collected, then aggregated per vhost), and
 * a sample's timestamp is no proof that the vhost's channels were collected, so this waits until
 * 11 s after `stoppedAt` and then until the count stops changing between two reads 1 s apart
 * (15 s after the stop, one read is enough). Read at the end of the bench, only the last runs wait.
 */
export async function publishedMessages(vhost: string, stoppedAt: number): Promise<number | undefined> {
  const read = async (): Promise<number | undefined> => {
    const response = await fetch(`${managementUrl}/api/vhosts/${encodeURIComponent(vhost)}`, { headers: { authorization } });
    return response.ok ? (((await response.json()) as VhostStats).message_stats?.publish ?? 0) : undefined;
  };
  // Two full collection rounds after the stop: nothing of the run can still be on its way.
  if (Date.now() >= stoppedAt + 15_000) return read();
  const settled = stoppedAt + 11_000;
  if (Date.now() < settled) await new Promise((r) => setTimeout(r, settled - Date.now()));
  let previous = await read();
  for (let attempt = 0; attempt < 10; attempt++) {
    await new Promise((r) => setTimeout(r, 1000));
    const current = await read();
    if (current === previous) return current;
    previous = current;
  }
  return undefined;
}

/** A GET on the management API, parsed; throws on a non-2xx answer. */
export async function managementGet<T>(path: string): Promise<T> {
  const response = await fetch(`${managementUrl}${path}`, { headers: { authorization } });
  if (!response.ok) throw new Error(`GET ${path} on the RabbitMQ management API: ${response.status}`);
  return (await response.json()) as T;
}

/** The RabbitMQ server version (for the report header). */
export async function rabbitmqVersion(): Promise<string> {
  const overview = await managementGet<{ rabbitmq_version?: string; erlang_version?: string }>('/api/overview');
  return `${overview.rabbitmq_version ?? '?'} (Erlang ${overview.erlang_version ?? '?'})`;
}
