import { RABBITMQ_HOST } from '../../test/support/test-infrastructure.js';

const managementUrl = process.env.TEST_RABBITMQ_MANAGEMENT_URL ?? `http://${RABBITMQ_HOST}:15672`;
const authorization = 'Basic ' + Buffer.from('guest:guest').toString('base64');

interface VhostStats {
  message_stats?: { publish?: number; publish_details?: { samples?: Array<{ timestamp: number }> } };
}

/**
 * Messages published into a vhost so far, from the management API. Its statistics are sampled
 * every few seconds, so this waits (up to 12 s) for a sample taken after `notBefore`.
 */
export async function publishedMessages(vhost: string, notBefore: number): Promise<number | undefined> {
  const deadline = Date.now() + 12_000;
  for (;;) {
    const response = await fetch(`${managementUrl}/api/vhosts/${encodeURIComponent(vhost)}?msg_rates_age=30&msg_rates_incr=5`, {
      headers: { authorization },
    });
    if (response.ok) {
      const stats = (await response.json()) as VhostStats;
      const latest = stats.message_stats?.publish_details?.samples?.[0]?.timestamp ?? 0;
      if (latest >= notBefore) return stats.message_stats?.publish ?? 0;
    }
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The RabbitMQ server version (for the report header). */
export async function rabbitmqVersion(): Promise<string> {
  const response = await fetch(`${managementUrl}/api/overview`, { headers: { authorization } });
  const overview = (await response.json()) as { rabbitmq_version?: string; erlang_version?: string };
  return `${overview.rabbitmq_version ?? '?'} (Erlang ${overview.erlang_version ?? '?'})`;
}
