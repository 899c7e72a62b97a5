import type { ChannelModel, ConfirmChannel, Message } from 'amqplib';
import type { AmqpLogger } from './open-recovering-connection.js';

/** One message to publish persistently with confirms. */
export interface PublishRequest {
  exchange: string;
  routingKey: string;
  messageId: string;
  correlationId?: string;
  type: string;
  headers: Record<string, unknown>;
  /** JSON-serialised, unless already a Buffer (dead-lettering forwards raw bytes). */
  body: unknown;
  /**
   * Default true: a message no queue takes is returned and the publish fails (a command must
   * reach its participant). False for broadcasts (lifecycle events) nobody may be bound to.
   */
  mandatory?: boolean;
}

/** Why a publish did not reach a queue; the caller keeps the message for a later try. */
export class PublishFailedError extends Error {
  constructor(
    readonly messageId: string,
    reason: string,
  ) {
    super(`Publishing ${messageId} failed: ${reason}`);
  }
}

interface Pending {
  messageId: string;
  returned?: string;
  settle: (error?: Error) => void;
}

/**
 * Publishes with publisher confirms and `mandatory` (unless asked not to) on a ConfirmChannel that is re-created on
 * every reconnect. A publish resolves only when the broker confirmed it AND did not return it
 * as unroutable (RabbitMQ confirms returned messages too). amqplib has no confirm timeout of
 * its own, so one is enforced here.
 */
export class ConfirmPublisher {
  private channel: ConfirmChannel | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextKey = 0;

  constructor(
    private readonly logger: AmqpLogger,
    private readonly confirmTimeoutMs: number,
    /** The connection's broker user, sent as `user-id` (the broker verifies it): receivers know the coordinator sent it. */
    private readonly userId: string,
  ) {}

  /** Call from the connection's `setup`. */
  async attach(model: ChannelModel): Promise<ConfirmChannel> {
    const channel = await model.createConfirmChannel();
    channel.on('return', (message: Message) => this.onReturn(message));
    channel.on('error', (error: Error) => this.logger.warn(`publisher channel error: ${error.message}`));
    channel.on('close', () => {
      if (this.channel === channel) this.channel = undefined;
      this.failAll('channel closed before the broker confirmed');
    });
    this.channel = channel;
    return channel;
  }

  get ready(): boolean {
    return this.channel !== undefined;
  }

  /** Resolves when every message is confirmed; rejects with the first failure (others may have landed). */
  async publishAll(requests: readonly PublishRequest[]): Promise<void> {
    await Promise.all(requests.map((request) => this.publish(request)));
  }

  publish(request: PublishRequest): Promise<void> {
    const channel = this.channel;
    if (!channel) return Promise.reject(new PublishFailedError(request.messageId, 'not connected to RabbitMQ'));
    const key = this.nextKey++;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => entry.settle(new PublishFailedError(request.messageId, `no confirm within ${this.confirmTimeoutMs} ms`)),
        this.confirmTimeoutMs,
      );
      const entry: Pending = {
        messageId: request.messageId,
        settle: (error) => {
          if (!this.pending.delete(key)) return;
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        },
      };
      this.pending.set(key, entry);
      try {
        channel.publish(
          request.exchange,
          request.routingKey,
          Buffer.isBuffer(request.body) ? request.body : Buffer.from(JSON.stringify(request.body)),
          {
            persistent: true,
            mandatory: request.mandatory ?? true,
            contentType: 'application/json',
            messageId: request.messageId,
            correlationId: request.correlationId,
            type: request.type,
            headers: request.headers,
            userId: this.userId,
            timestamp: Math.floor(Date.now() / 1000),
          },
          (error: unknown) => {
            if (error) entry.settle(new PublishFailedError(request.messageId, 'nacked by the broker'));
            else if (entry.returned) entry.settle(new PublishFailedError(request.messageId, entry.returned));
            else entry.settle();
          },
        );
      } catch (error) {
        entry.settle(new PublishFailedError(request.messageId, (error as Error).message));
      }
    });
  }

  private onReturn(message: Message): void {
    const reason = `unroutable: no queue bound for ${message.fields.exchange}/${message.fields.routingKey}`;
    // A return always precedes the confirm of the same publish on the channel.
    for (const entry of this.pending.values()) {
      if (entry.messageId === message.properties.messageId) entry.returned = reason;
    }
    this.logger.error(`message ${message.properties.messageId} returned by the broker (${reason})`);
  }

  private failAll(reason: string): void {
    for (const entry of [...this.pending.values()]) {
      entry.settle(new PublishFailedError(entry.messageId, reason));
    }
  }
}
