import { setImmediate as endOfTurn, setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Channel, ConsumeMessage, RecoveringChannelModel } from 'amqplib';
import { EventsExchange, MessageHeaders, type SagaStatusChanged, Topology } from '@saga-coordinator/contracts';
import { AppConfig } from '../../config/app-config.js';
import { DeadLetterCauses, SagaMetrics } from '../../observability/metrics/saga-metrics.port.js';
import { StoreUnavailableError } from '../../orchestration/errors/store-unavailable.error.js';
import { WebhookService } from '../../orchestration/webhooks/webhook.service.js';
import { openRecoveringConnection } from '../amqp/open-recovering-connection.js';
import { CoordinatorPublisher } from '../coordinator-publisher.service.js';
import { WebhooksBinding, WebhooksQueue } from './lifecycle-events-topology.js';
import { parseLifecycleEvent } from './parse-lifecycle-event.js';

/** Unacknowledged events taken at once: the events of one event-loop turn share one statement. */
const Prefetch = 20;

/** A parsed event waiting for its batch's statement, with the delivery to ack after it (on its own channel). */
interface PendingEvent {
  readonly channel: Channel;
  readonly message: ConsumeMessage;
  readonly messageId: string;
  readonly event: SagaStatusChanged;
}

/**
 * Consumes `saga.webhooks` (every lifecycle event of `saga.events`) and hands the events that
 * arrived in one event-loop turn to the webhook service, which writes one delivery per event and
 * matching subscription in one statement. Each is acked after that commit (a redelivery adds
 * nothing: deliveries are unique per subscription and event); malformed events are dead-lettered
 * with the reason; while PostgreSQL is down the batch waits unacked.
 */
@Injectable()
export class LifecycleEventConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(LifecycleEventConsumer.name);
  private connection: RecoveringChannelModel | undefined;
  private channel: Channel | undefined;
  private consumerTag: string | undefined;
  private stopping = false;
  private readonly inFlight = new Set<Promise<void>>();
  /** Parsed events of the current turn, fanned out together at its end. */
  private batch: PendingEvent[] = [];

  constructor(
    private readonly webhooks: WebhookService,
    private readonly publisher: CoordinatorPublisher,
    private readonly config: AppConfig,
    private readonly metrics: SagaMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.connection = await openRecoveringConnection({
      urls: this.config.rabbitmqUrls,
      connectionName: `coordinator-webhooks-${process.pid}`,
      logger: this.logger,
      setup: async (model) => {
        if (this.stopping) return;
        const channel = await model.createChannel();
        channel.on('error', (error: Error) => this.logger.warn(`webhooks channel error: ${error.message}`));
        await channel.prefetch(Prefetch);
        await channel.assertExchange(EventsExchange.name, EventsExchange.type, EventsExchange.options);
        await channel.assertQueue(WebhooksQueue.name, WebhooksQueue.options);
        await channel.bindQueue(WebhooksBinding.queue, WebhooksBinding.exchange, WebhooksBinding.pattern);
        const { consumerTag } = await channel.consume(WebhooksQueue.name, (message) => {
          if (message) this.track(this.onMessage(channel, message));
        });
        this.channel = channel;
        this.consumerTag = consumerTag;
      },
    });
  }

  /** Stop taking new events, then let in-flight ones commit and ack. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.channel && this.consumerTag) await this.channel.cancel(this.consumerTag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
  }

  private async onMessage(channel: Channel, message: ConsumeMessage): Promise<void> {
    const parsed = parseLifecycleEvent({
      content: message.content,
      type: message.properties.type as string | undefined,
      messageId: message.properties.messageId as string | undefined,
    });
    if (parsed.kind === 'malformed') return this.deadLetter(channel, message, parsed.reason);
    this.batch.push({ channel, message, messageId: parsed.messageId, event: parsed.event });
    if (this.batch.length > 1) return;
    // The first event of the turn schedules the statement for every event the turn brings.
    await endOfTurn();
    const batch = this.batch;
    this.batch = [];
    await this.fanOut(batch);
  }

  /** One statement for the batch, then an ack each; retried while the store is down, requeued otherwise. */
  private async fanOut(batch: readonly PendingEvent[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.webhooks.fanOut(batch);
        for (const { channel, message } of batch) safely(() => channel.ack(message));
        return;
      } catch (error) {
        // The store being down is worth waiting for; anything else is retried a few times, then requeued.
        if (this.stopping || (!(error instanceof StoreUnavailableError) && attempt >= 3)) {
          this.logger.error(`${batch.length} lifecycle event(s) not fanned out, requeued: ${(error as Error).message}`);
          for (const { channel, message } of batch) safely(() => channel.nack(message, false, true));
          return;
        }
        await sleep(Math.min(5_000, 100 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  /** Republishes the raw event to the dead-letter exchange with the reason, then acks it. */
  private async deadLetter(channel: Channel, message: ConsumeMessage, reason: string): Promise<void> {
    this.logger.warn(`dead-lettering lifecycle event ${String(message.properties.messageId)}: ${reason}`);
    try {
      await this.publisher.publish({
        exchange: Topology.deadLetterExchange,
        routingKey: message.fields.routingKey,
        messageId: (message.properties.messageId as string | undefined) ?? `dead-letter:${Date.now()}`,
        correlationId: message.properties.correlationId as string | undefined,
        type: (message.properties.type as string | undefined) ?? 'unknown',
        headers: {
          ...(message.properties.headers ?? {}),
          [MessageHeaders.deadLetterReason]: reason,
          'x-original-exchange': message.fields.exchange,
          'x-original-routing-key': message.fields.routingKey,
          'x-dead-lettered-by': 'coordinator',
        },
        body: message.content,
      });
      this.metrics.messageDeadLettered(DeadLetterCauses.malformed);
      safely(() => channel.ack(message));
    } catch (error) {
      this.logger.error(`could not dead-letter, requeued: ${(error as Error).message}`);
      safely(() => channel.nack(message, false, true));
    }
  }

  private track(promise: Promise<void>): void {
    const tracked = promise.catch((error: Error) => this.logger.error(`lifecycle event handling crashed: ${error.message}`));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}

/** Acking on a channel that died meanwhile throws; the broker redelivers and the unique deliveries dedupe. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    /* channel gone: redelivery follows */
  }
}
