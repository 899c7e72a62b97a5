import { BrokerAddressRotation, coalesceFrameWrites } from '@saga-coordinator/contracts';
import amqp from 'amqplib';
import type { ChannelModel, RecoveringChannelModel } from 'amqplib';
import type { ParticipantLogger } from './participant-logger.js';

/** How one recovering broker connection is opened and what runs on every (re)connect. */
export interface AmqpLinkOptions {
  /** The broker's nodes: URLs, or one string of comma-separated URLs; each retry goes to the next. */
  readonly urls: string | readonly string[];
  /** Shown in the RabbitMQ management UI (`connection_name`), so operators can find it. */
  readonly connectionName: string;
  readonly logger: ParticipantLogger;
  /** How many failed attempts `open()` tolerates before it gives up (reconnects after that are unlimited). */
  readonly startupRetries: number;
  /**
   * Runs after every successful (re)connect, before the connection counts as up: create the
   * channels, declare the topology, start consuming. amqplib recreates the connection but not
   * its channels, so everything channel-bound lives here. A throw closes the connection and
   * schedules another attempt.
   */
  setup(model: ChannelModel): Promise<void>;
}

/**
 * A broker connection that reconnects with exponential backoff and jitter (amqplib's opt-in
 * recovery), each attempt to the next node of a cluster, and re-runs `setup` each time. A channel that dies on its own should call
 * `restart(model)`: the connection is closed and recovery rebuilds everything.
 */
export class AmqpLink {
  private connection: RecoveringChannelModel | undefined;
  private closing = false;

  constructor(private readonly options: AmqpLinkOptions) {}

  /** Connects (retrying per `startupRetries`) and runs `setup` once. */
  async open(): Promise<void> {
    const { logger, connectionName } = this.options;
    const nodes = new BrokerAddressRotation(this.options.urls, { initialDelayMs: 200, maxDelayMs: 15_000 });
    const connection = await amqp.connect(nodes.address, {
      // Without noDelay, Nagle's algorithm adds ~40 ms to every publisher confirm; each turn's
      // frames still leave in one socket write (coalesceFrameWrites in setup).
      noDelay: true,
      timeout: 10_000,
      clientProperties: { connection_name: connectionName },
      recovery: {
        calculateDelay: nodes.calculateDelay,
        initialMaxRetries: this.options.startupRetries,
        waitForConnect: false,
        setup: (model: ChannelModel) => {
          if (!coalesceFrameWrites(model)) logger.warn({ connectionName }, 'amqplib internals changed: frames are written one by one');
          return this.options.setup(model);
        },
      },
    });
    this.connection = connection;
    connection.on('error', (error: Error) => logger.warn({ connectionName, error: error.message }, 'broker connection error'));
    connection.on('disconnect', (error: Error) => logger.warn({ connectionName, error: error.message }, 'broker connection lost'));
    connection.on('connect-failed', (error: Error) => logger.warn({ connectionName, error: error.message }, 'broker connect failed'));
    connection.on('reconnect-scheduled', (info: { attempt: number; delay: number }) =>
      logger.info({ connectionName, attempt: info.attempt, delayMs: info.delay, node: nodes.current }, 'broker reconnect scheduled'),
    );
    connection.on('reconnect-failed', (error: Error) => logger.error({ connectionName, error: error.message }, 'broker reconnect abandoned'));
    connection.on('connect', () => logger.info({ connectionName, node: nodes.current }, 'broker connected'));
    await connection.waitForConnect();
  }

  /** Whether `close()` was called: channel close events are then expected, not failures. */
  get isClosing(): boolean {
    return this.closing;
  }

  /** Forces a reconnect after a channel failed while its connection stayed up. */
  restart(model: ChannelModel): void {
    if (this.closing) return;
    this.options.logger.warn({ connectionName: this.options.connectionName }, 'channel lost: reconnecting');
    model.close().catch(() => undefined);
  }

  /** Closes the connection and stops recovering. */
  async close(): Promise<void> {
    this.closing = true;
    await this.connection?.close().catch(() => undefined);
  }
}
