import type { ChannelModel, ConfirmChannel, Message, Options } from 'amqplib';
import type { AmqpLink } from './amqp-link.js';

/** Raised when a publish is not confirmed: nacked, unroutable, timed out or channel lost. */
export class PublishNotConfirmedError extends Error {
  override readonly name = 'PublishNotConfirmedError';
}

/**
 * Publishes on a ConfirmChannel and resolves only once the broker confirmed the message and
 * did not return it as unroutable (publish with `mandatory` to detect that). amqplib has no
 * confirm timeout of its own; this one does.
 */
export class ConfirmedPublisher {
  private channel: ConfirmChannel | undefined;
  private readonly returned = new Set<string>();
  private waiters: Array<(channel: ConfirmChannel) => void> = [];

  constructor(
    private readonly confirmTimeoutMs: number,
    /** The connection's broker user, sent as `user-id` on every message: the broker verifies it, so the coordinator knows who sent it. */
    private readonly userId: string,
  ) {}

  /** The link's `setup` step for the publishing connection: opens the confirm channel. */
  async attach(model: ChannelModel, link: () => AmqpLink | undefined): Promise<void> {
    const channel = await model.createConfirmChannel();
    channel.on('error', () => undefined); // reported through 'close' below
    channel.on('return', (message: Message) => {
      const id = message.properties.messageId as string | undefined;
      if (id !== undefined) this.returned.add(id);
    });
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      link()?.restart(model);
    });
    this.channel = channel;
    for (const resolve of this.waiters.splice(0)) resolve(channel);
  }

  /** Publishes and waits for the confirm. `options.messageId` is required (it identifies returns). */
  async publish(exchange: string, routingKey: string, content: Buffer, options: Options.Publish & { messageId: string }): Promise<void> {
    const deadline = Date.now() + this.confirmTimeoutMs;
    const channel = await this.waitForChannel(deadline);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new PublishNotConfirmedError(`no confirm within ${this.confirmTimeoutMs} ms for ${options.messageId}`)),
        Math.max(0, deadline - Date.now()),
      );
      const settle = (error?: Error): void => {
        clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      try {
        // amqplib calls back with null on ack and an Error on nack or when the channel closes first.
        channel.publish(exchange, routingKey, content, { ...options, userId: this.userId }, (error: Error | null) => {
          const wasReturned = this.returned.delete(options.messageId);
          if (error) settle(new PublishNotConfirmedError(`broker did not confirm ${options.messageId}: ${String(error)}`));
          else if (wasReturned && options.mandatory === true) {
            settle(new PublishNotConfirmedError(`unroutable: ${exchange}/${routingKey} has no queue for ${options.messageId}`));
          } else settle();
        });
      } catch (error) {
        settle(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private waitForChannel(deadline: number): Promise<ConfirmChannel> {
    if (this.channel !== undefined) return Promise.resolve(this.channel);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.waiters = this.waiters.filter((waiter) => waiter !== onChannel);
          reject(new PublishNotConfirmedError('no publishing channel: broker unreachable'));
        },
        Math.max(0, deadline - Date.now()),
      );
      const onChannel = (channel: ConfirmChannel): void => {
        clearTimeout(timer);
        resolve(channel);
      };
      this.waiters.push(onChannel);
    });
  }
}
