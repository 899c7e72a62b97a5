import { BrokerAddressRotation, coalesceFrameWrites } from '@saga-coordinator/contracts';
import amqp, { type ChannelModel, type RecoveringChannelModel } from 'amqplib';

/** Minimal logger so this layer stays framework-free. */
export interface AmqpLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RecoveringConnectionOptions {
  /** The broker's nodes (one URL for a single broker): each retry goes to the next. */
  urls: readonly string[];
  /** Shown in the broker's connection list (`coordinator-publisher`, …). */
  connectionName: string;
  /** Runs after every (re)connect: re-create channels, topology and consumers here. */
  setup: (model: ChannelModel) => Promise<void>;
  logger: AmqpLogger;
  /** Attempts before the first connection succeeds; after that recovery never gives up. */
  initialMaxRetries?: number;
}

/**
 * Opens a connection with amqplib's opt-in recovery. amqplib reconnects with backoff but does
 * not recreate channels, so everything channel-bound happens in `setup`. With several URLs (a
 * cluster's nodes) every retry goes to the next node, so a dead node costs one failed attempt.
 * `noDelay` disables Nagle's algorithm, which otherwise adds ~40 ms to every publisher confirm;
 * each turn's frames still leave in one socket write (`coalesceFrameWrites`).
 */
export async function openRecoveringConnection(options: RecoveringConnectionOptions): Promise<RecoveringChannelModel> {
  const { logger } = options;
  const nodes = new BrokerAddressRotation(options.urls, { initialDelayMs: 200, maxDelayMs: 5_000 });
  const connection = await amqp.connect(nodes.address, {
    noDelay: true,
    clientProperties: { connection_name: options.connectionName },
    recovery: {
      calculateDelay: nodes.calculateDelay,
      maxRetries: Infinity,
      initialMaxRetries: options.initialMaxRetries ?? 20,
      waitForConnect: false,
      setup: async (model: ChannelModel) => {
        if (!coalesceFrameWrites(model))
          logger.warn(`RabbitMQ connection ${options.connectionName}: amqplib internals changed, frames are written one by one`);
        await options.setup(model);
      },
    },
  });
  connection.on('connect', () => logger.log(`RabbitMQ connection ${options.connectionName} established to ${nodes.current}`));
  connection.on('disconnect', (error: Error) => logger.warn(`RabbitMQ connection ${options.connectionName} lost: ${error.message}`));
  connection.on('reconnect-scheduled', ({ attempt, delay }: { attempt: number; delay: number }) =>
    logger.warn(`RabbitMQ connection ${options.connectionName}: reconnect attempt ${attempt} to ${nodes.current} in ${delay} ms`),
  );
  connection.on('blocked', (reason: string) => logger.warn(`RabbitMQ connection ${options.connectionName} blocked by the broker: ${reason}`));
  connection.on('unblocked', () => logger.log(`RabbitMQ connection ${options.connectionName} unblocked`));
  connection.on('error', (error: Error) => logger.error(`RabbitMQ connection ${options.connectionName}: ${error.message}`));
  await connection.waitForConnect();
  return connection;
}
