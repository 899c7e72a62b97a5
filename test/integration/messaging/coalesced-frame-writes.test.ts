import type { Socket } from 'node:net';
import amqp, { type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coalesceFrameWrites } from '@saga-coordinator/contracts';
import { AmqpLink } from '../../../packages/participant/src/core/amqp-link.js';
import { openRecoveringConnection } from '../../../src/messaging/amqp/open-recovering-connection.js';
import { countSocketWrites } from '../../support/socket-writes.js';
import { createTestVhost } from '../../support/test-infrastructure.js';

const Messages = 50;

/** The socket amqplib writes frames to (what `coalesceFrameWrites` corks). */
function socketOf(model: ChannelModel): Socket {
  return (model as unknown as { connection: { muxer: { out: Socket } } }).connection.muxer.out;
}

/** Counts the socket writes (each one syscall) made while `work` runs. */
async function socketWritesDuring(model: ChannelModel, work: () => Promise<void>): Promise<number> {
  const writes = countSocketWrites(socketOf(model));
  try {
    await work();
  } finally {
    writes.stop();
  }
  return writes.count;
}

/** Publishes `Messages` persistent messages in one event-loop turn and waits for every confirm. */
async function publishBurst(model: ChannelModel): Promise<void> {
  const channel = await model.createConfirmChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true });
  const writes = Array.from(
    { length: Messages },
    (_, i) =>
      new Promise<void>((resolve, reject) =>
        channel.sendToQueue(queue, Buffer.from(`m${i}`), { persistent: true }, (error) => (error ? reject(error as Error) : resolve())),
      ),
  );
  await Promise.all(writes);
  await channel.close();
}

const quietLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('coalesced AMQP frame writes (one socket write per event-loop turn)', () => {
  let vhost: Awaited<ReturnType<typeof createTestVhost>>;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    vhost = await createTestVhost('frame_writes');
  });

  afterAll(async () => {
    for (const close of closers) await close().catch(() => undefined);
    await vhost?.drop();
  });

  it('amqplib alone writes each frame on its own: the burst costs a write per message', async () => {
    const model = await amqp.connect(vhost.url, { noDelay: true });
    closers.push(() => model.close());
    const writes = await socketWritesDuring(model, () => publishBurst(model));
    expect(writes).toBeGreaterThanOrEqual(Messages);
  });

  it('coalesced, the same burst leaves in a handful of writes, every message confirmed', async () => {
    const model = await amqp.connect(vhost.url, { noDelay: true });
    closers.push(() => model.close());
    expect(coalesceFrameWrites(model)).toBe(true);
    expect(coalesceFrameWrites(model)).toBe(true); // twice changes nothing
    const writes = await socketWritesDuring(model, () => publishBurst(model));
    expect(writes).toBeLessThanOrEqual(6);
  });

  it('changes nothing, and says so, when amqplib internals are not there', () => {
    expect(coalesceFrameWrites({})).toBe(false);
    expect(coalesceFrameWrites({ connection: { muxer: { _readIncoming: () => undefined } } })).toBe(false);
  });

  it("the coordinator's connections coalesce after every (re)connect", async () => {
    let setupModel: ChannelModel | undefined;
    const connection = await openRecoveringConnection({
      urls: [vhost.url],
      connectionName: 'frame-writes-coordinator',
      logger: quietLogger,
      setup: async (model) => {
        setupModel = model;
      },
    });
    closers.push(() => connection.close());
    const writes = await socketWritesDuring(setupModel!, () => publishBurst(setupModel!));
    expect(writes).toBeLessThanOrEqual(6);
  });

  it("the participant SDK's connections coalesce after every (re)connect", async () => {
    let setupModel: ChannelModel | undefined;
    const link = new AmqpLink({
      urls: vhost.url,
      connectionName: 'frame-writes-participant',
      logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      startupRetries: 2,
      setup: async (model) => {
        setupModel = model;
      },
    });
    await link.open();
    closers.push(() => link.close());
    const writes = await socketWritesDuring(setupModel!, () => publishBurst(setupModel!));
    expect(writes).toBeLessThanOrEqual(6);
  });
});
