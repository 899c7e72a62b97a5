import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Channel, ConsumeMessage, RecoveringChannelModel } from 'amqplib';
import { AppConfig } from '../config/app-config.js';
import { MessageHeaders, type StepReplyMessage, Topology } from '@saga-coordinator/contracts';
import { CrashPoints } from '../fault-injection/crash-point-name.js';
import { crashPoint } from '../fault-injection/crash-point.js';
import { type DeadLetterCause, DeadLetterCauses, InboundRefusals, SagaMetrics } from '../observability/metrics/saga-metrics.port.js';
import { SagaTracer } from '../observability/tracing/saga-tracer.port.js';
import { StoreUnavailableError } from '../orchestration/errors/store-unavailable.error.js';
import { ParticipantDirectoryService } from '../orchestration/participants/participant-directory.service.js';
import { ParticipantIdentities } from '../orchestration/participants/participant-identities.service.js';
import { InboundMessageHandler } from '../runtime/inbound/inbound-message-handler.port.js';
import type { InboundMessageResult } from '../runtime/inbound/inbound-message-result.js';
import { declareCoordinatorTopology } from './amqp/declare-topology.js';
import { openRecoveringConnection } from './amqp/open-recovering-connection.js';
import { CoordinatorPublisher } from './coordinator-publisher.service.js';
import { parseInboundMessage } from './inbound/parse-inbound-message.js';
import { replyScope } from './inbound/reply-scope.util.js';
import { checkSender } from './inbound/sender-rule.js';

/** Attempts for an unexpected error before the message goes back to the queue (delivery limit applies). */
const UnexpectedErrorAttempts = 3;

/**
 * Consumes `saga.replies` with bounded prefetch and manual acks. A message is acked only
 * after its transaction committed; malformed or unprocessable messages are dead-lettered with
 * the reason and acked, so they never block the queue. While PostgreSQL is down a message is
 * held unacked and retried, never dead-lettered.
 */
@Injectable()
export class ReplyConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(ReplyConsumer.name);
  private connection: RecoveringChannelModel | undefined;
  private channel: Channel | undefined;
  private consumerTag: string | undefined;
  private stopping = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly handler: InboundMessageHandler,
    private readonly participants: ParticipantDirectoryService,
    private readonly identities: ParticipantIdentities,
    private readonly publisher: CoordinatorPublisher,
    private readonly config: AppConfig,
    private readonly metrics: SagaMetrics,
    private readonly tracer: SagaTracer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // An API-only replica (CONSUME_REPLIES=false) leaves the replies to the others.
    if (!this.config.consumeReplies) return;
    const prefetch = this.config.replyPrefetch;
    this.connection = await openRecoveringConnection({
      urls: this.config.rabbitmqUrls,
      connectionName: `coordinator-consumer-${process.pid}`,
      logger: this.logger,
      setup: async (model) => {
        if (this.stopping) return;
        const channel = await model.createChannel();
        channel.on('error', (error: Error) => this.logger.warn(`consumer channel error: ${error.message}`));
        await channel.prefetch(prefetch);
        await declareCoordinatorTopology(channel);
        const { consumerTag } = await channel.consume(Topology.repliesQueue, (message) => {
          if (message) this.track(this.onMessage(channel, message));
        });
        this.channel = channel;
        this.consumerTag = consumerTag;
      },
    });
  }

  /** Stop taking new messages, then let in-flight ones commit and ack. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.channel && this.consumerTag) await this.channel.cancel(this.consumerTag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
  }

  private async onMessage(channel: Channel, message: ConsumeMessage): Promise<void> {
    // chaos:ack-before-commit (test/chaos/support/broken-variants.ts builds a variant that acks here, on receipt)
    const parsed = parseInboundMessage({
      content: message.content,
      routingKey: message.fields.routingKey,
      type: message.properties.type as string | undefined,
      messageId: message.properties.messageId as string | undefined,
    });
    if (parsed.kind === 'malformed') return this.deadLetter(channel, message, parsed.reason, DeadLetterCauses.malformed);

    // Who sent it, as the broker verified it: never the body's word alone (docs/security.md).
    const sender = checkSender(
      parsed,
      { exchange: message.fields.exchange, userId: message.properties.userId as string | undefined },
      this.config.coordinatorBrokerUser,
    );
    if (sender.kind === 'rejected') return this.refuse(channel, message, sender);
    const outcome = await this.process(
      parsed.kind === 'reply'
        ? () => this.handleReply(parsed.reply, sender.brokerUser, message.properties.headers)
        : parsed.kind === 'coordinator'
          ? () => this.handler.handleCoordinatorMessage(parsed.message)
          : () =>
              this.participants
                .recordAnnouncement(parsed.announcement, sender.brokerUser)
                .then((reason): InboundMessageResult =>
                  reason === undefined ? { kind: 'applied' } : { kind: 'rejected', reason, refusal: InboundRefusals.participantClaimed },
                ),
    );
    if (outcome === 'requeue') return safely(() => channel.nack(message, false, true));
    if (outcome.kind === 'rejected') return this.refuse(channel, message, outcome);
    if (parsed.kind === 'reply') crashPoint(CrashPoints.replyAfterCommitBeforeAck);
    safely(() => channel.ack(message));
  }

  /** A reply is applied only when its verified broker user may speak for the participant it names. */
  private async handleReply(
    reply: StepReplyMessage,
    brokerUser: string,
    headers: ConsumeMessage['properties']['headers'],
  ): Promise<InboundMessageResult> {
    const reason = await this.identities.whyReplyRefused(reply.participant, brokerUser);
    if (reason !== undefined) return { kind: 'rejected', reason, refusal: InboundRefusals.notParticipantUser };
    return this.tracer.inScope(replyScope(reply, headers), () => this.handler.handleReply(reply));
  }

  /** Dead-letters a message that can never be processed; counts it when its sender may not send it. */
  private async refuse(channel: Channel, message: ConsumeMessage, rejection: Extract<InboundMessageResult, { kind: 'rejected' }>): Promise<void> {
    if (rejection.refusal !== undefined) this.metrics.inboundRefused(rejection.refusal);
    return this.deadLetter(channel, message, rejection.reason, DeadLetterCauses.rejected);
  }

  /** Runs the handler; retries while the store is down, a few times for anything else. */
  private async process(run: () => Promise<InboundMessageResult>): Promise<InboundMessageResult | 'requeue'> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        const storeDown = error instanceof StoreUnavailableError;
        if (this.stopping || (!storeDown && attempt >= UnexpectedErrorAttempts)) {
          this.logger.error(`inbound message not processed, requeued: ${(error as Error).message}`);
          return 'requeue';
        }
        this.logger.warn(`inbound message attempt ${attempt} failed, retrying: ${(error as Error).message}`);
        await sleep(Math.min(5_000, 100 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  /** Republishes the raw message to the dead-letter exchange with the reason, then acks it. */
  private async deadLetter(channel: Channel, message: ConsumeMessage, reason: string, cause: DeadLetterCause): Promise<void> {
    this.logger.warn(`dead-lettering message ${String(message.properties.messageId)}: ${reason}`);
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
      this.metrics.messageDeadLettered(cause);
      safely(() => channel.ack(message));
    } catch (error) {
      this.logger.error(`could not dead-letter, requeued: ${(error as Error).message}`);
      safely(() => channel.nack(message, false, true));
    }
  }

  private track(promise: Promise<void>): void {
    const tracked = promise.catch((error: Error) => this.logger.error(`reply handling crashed: ${error.message}`));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}

/** Acking on a channel that died meanwhile throws; the broker redelivers and the inbox dedupes. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    /* channel gone: redelivery follows */
  }
}
