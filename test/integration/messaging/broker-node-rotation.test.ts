import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecoveringChannelModel } from 'amqplib';
import { openRecoveringConnection } from '../../../src/messaging/amqp/open-recovering-connection.js';
import { createTestVhost } from '../../support/test-infrastructure.js';

/** What the coordinator's connections log: the node each (re)connect went to. */
function recordingLogger(): { lines: string[]; log(m: string): void; warn(m: string): void; error(m: string): void } {
  const lines: string[] = [];
  return { lines, log: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

describe('coordinator broker connection with several node URLs (RABBITMQ_URL=url1,url2)', () => {
  let vhost: Awaited<ReturnType<typeof createTestVhost>>;
  let connection: RecoveringChannelModel | undefined;

  beforeAll(async () => {
    vhost = await createTestVhost('node_rotation');
  });

  afterAll(async () => {
    await connection?.close().catch(() => undefined);
    await vhost?.drop();
  });

  it('moves on to the next node when the first does not answer, runs setup there and logs which node it reached', async () => {
    const deadNode = vhost.url.replace(/:\d+\//, ':1/');
    const logger = recordingLogger();
    let setups = 0;
    connection = await openRecoveringConnection({
      urls: [deadNode, vhost.url],
      connectionName: 'rotation-test',
      logger,
      initialMaxRetries: 2,
      setup: async (model) => {
        const channel = await model.createChannel();
        await channel.checkExchange('amq.direct');
        await channel.close();
        setups += 1;
      },
    });

    expect(setups).toBe(1);
    const live = new URL(vhost.url);
    expect(logger.lines).toContainEqual(expect.stringMatching(new RegExp(`reconnect attempt 1 to amqp://guest@${live.hostname}:${live.port}/`)));
    expect(logger.lines).toContainEqual(
      expect.stringMatching(new RegExp(`rotation-test established to amqp://guest@${live.hostname}:${live.port}/`)),
    );
    expect(logger.lines.join('\n')).not.toContain(':guest@');
  });
});
