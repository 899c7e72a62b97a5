import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import {
  brokerUrlsOf,
  brokerUserOf,
  type CommandKind,
  CommandKinds,
  MessageHeaders,
  MessageTypes,
  PROTOCOL_VERSION,
  type StepCommandMessage,
  Topology,
} from '@saga-coordinator/contracts';
import { AmqpLink } from './amqp-link.js';
import { CommandProcessor } from './command-processor.js';
import { inCommandSpan } from './command-span.js';
import { ConfirmedPublisher } from './confirmed-publisher.js';
import { formatDeadLetterReason } from './dead-letter-reason.js';
import type { DeliveryRejection } from './dead-letter-reason.js';
import { declareParticipantTopology } from './declare-participant-topology.js';
import { FenceRepository } from './fence.repository.js';
import { parseStepCommand } from './parse-step-command.util.js';
import { buildAnnouncement } from './participant-announcement.util.js';
import { createConsoleLogger } from './participant-logger.js';
import type { ParticipantLogger } from './participant-logger.js';
import { optionProblems, ParticipantDefaults } from './participant-options.js';
import type { ParticipantOptions } from './participant-options.js';
import { requeueDelayMs } from './requeue-delay.util.js';
import {
  type CompensateSchemas,
  type ExecuteSchemas,
  type OutputOf,
  type PayloadOf,
  withCompensateSchemas,
  withExecuteSchemas,
} from './command-schemas.js';
import { pgTransactions, type TransactionClient } from './pg-transactions.js';
import type { CompensateHandler, ExecuteHandler } from './step-handler.js';
import type { TransactionAdapter } from './transaction-adapter.js';
import { buildStepReply, replyPublishOptions } from './step-reply.util.js';

/** The consuming channel of the current connection and its consumer. */
interface Consumer {
  readonly channel: Channel;
  readonly consumerTag: string;
}

/**
 * A saga participant: consumes `saga.participant.<name>`, runs the registered handler for each
 * command inside a PostgreSQL transaction with the fence, replies to `saga.replies`, then acks.
 *
 * - **Ack**: a command is acked only after its reply is confirmed by the broker (or, for a
 *   malformed one, after it is confirmed in `saga.dead-letter` with `x-dead-letter-reason`).
 *   A crash in between means a redelivery, which the fence answers from its record.
 * - **Retry**: a thrown handler error rolls back and replies `error` (the coordinator
 *   retries with a new attempt). When the fence database or the reply publish fails, the
 *   command is nacked with requeue after a growing pause; the queue's delivery limit
 *   dead-letters it eventually.
 * - **Idempotency**: handlers run at least once per delivery *attempt that reaches them*, but
 *   their effect commits at most once per (saga, step, kind): a committed step is answered
 *   from the fence without running the handler again, a compensation of a step that never
 *   took effect answers `compensated` without running the handler, and an execute after its
 *   compensation is refused (`failed`, `already-compensated`).
 * - **Connections**: reconnects with backoff and re-declares topology, channels and consumer.
 */
export class Participant<Tx = TransactionClient> {
  private readonly executeHandlers = new Map<string, ExecuteHandler<Tx>>();
  private readonly compensateHandlers = new Map<string, CompensateHandler<Tx>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly logger: ParticipantLogger;
  private readonly instance: string;
  private readonly fence: FenceRepository;
  private readonly transactions: TransactionAdapter<Tx>;
  private readonly processor: CommandProcessor<Tx>;
  private readonly publisher: ConfirmedPublisher;
  private publishLink: AmqpLink | undefined;
  private consumeLink: AmqpLink | undefined;
  private consumer: Consumer | undefined;
  private announceTimer: NodeJS.Timeout | undefined;
  private state: 'new' | 'started' | 'stopping' | 'stopped' = 'new';
  private unwatch: (() => void) | undefined;

  constructor(private readonly options: ParticipantOptions<Tx>) {
    const problems = optionProblems(options);
    if (problems.length > 0) throw new RangeError(`Invalid participant options: ${problems.join('; ')}`);
    this.logger = options.logger ?? createConsoleLogger(options.name);
    this.instance = options.instance ?? `${hostname()}:${process.pid}:${randomBytes(2).toString('hex')}`;
    this.fence = new FenceRepository(options.fence.schema);
    this.transactions = transactionsOf(options.fence);
    this.processor = new CommandProcessor(this.transactions, this.fence, this.logger);
    // One user for every node (optionProblems checks it): the first URL's.
    this.publisher = new ConfirmedPublisher(
      options.confirmTimeoutMs ?? ParticipantDefaults.confirmTimeoutMs,
      brokerUserOf(brokerUrlsOf(options.rabbitmqUrl)[0]!),
    );
  }

  /** The participant's name (its queue is `saga.participant.<name>`). */
  get name(): string {
    return this.options.name;
  }

  /**
   * Registers the handler of an `execute` command. Call before `start()`. With schemas
   * (`{ input, output }`, any Standard Schema such as zod), `command.payload` is checked and
   * typed by `input`, and the output by `output`: a payload that fails is answered `failed` with
   * code `invalid-payload` without running the handler.
   */
  handle(command: string, handler: ExecuteHandler<Tx>): this;
  handle<Input extends StandardSchemaV1 | undefined = undefined, Output extends StandardSchemaV1 | undefined = undefined>(
    command: string,
    schemas: ExecuteSchemas<Input, Output>,
    handler: ExecuteHandler<Tx, PayloadOf<Input>, OutputOf<Output>>,
  ): this;
  /* eslint-disable @typescript-eslint/no-explicit-any -- handlers typed by their schemas' payloads are accepted whatever the payload type; unknown cannot say that (handler parameters are contravariant) */
  handle(
    command: string,
    schemasOrHandler: ExecuteSchemas<StandardSchemaV1 | undefined, StandardSchemaV1 | undefined> | ExecuteHandler<Tx>,
    handler?: ExecuteHandler<Tx, any, any>,
  ): this {
    /* eslint-enable @typescript-eslint/no-explicit-any */
    const registered =
      typeof schemasOrHandler === 'function' ? schemasOrHandler : withExecuteSchemas(schemasOrHandler, requireHandler(command, handler));
    this.register(this.executeHandlers, command, registered);
    return this;
  }

  /**
   * Registers the handler of a compensation command. Call before `start()`. With a schema
   * (`{ input }`), `command.payload` (`{ input, output }`) is checked and typed: a payload that
   * fails is answered `error` with code `invalid-payload` without running the handler.
   */
  compensate(command: string, handler: CompensateHandler<Tx>): this;
  compensate<Input extends StandardSchemaV1 | undefined = undefined>(
    command: string,
    schemas: CompensateSchemas<Input>,
    handler: CompensateHandler<Tx, PayloadOf<Input>>,
  ): this;
  /* eslint-disable @typescript-eslint/no-explicit-any -- handlers typed by their schemas' payloads are accepted whatever the payload type; unknown cannot say that (handler parameters are contravariant) */
  compensate(
    command: string,
    schemasOrHandler: CompensateSchemas<StandardSchemaV1 | undefined> | CompensateHandler<Tx>,
    handler?: CompensateHandler<Tx, any>,
  ): this {
    /* eslint-enable @typescript-eslint/no-explicit-any */
    const registered =
      typeof schemasOrHandler === 'function' ? schemasOrHandler : withCompensateSchemas(schemasOrHandler, requireHandler(command, handler));
    this.register(this.compensateHandlers, command, registered);
    return this;
  }

  /**
   * Creates the fence table, connects (publishing and consuming on separate connections),
   * declares the topology, starts consuming and announces the handlers. Rejects if the
   * database or the broker cannot be reached within the startup retries.
   */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`Participant ${this.name} was already started`);
    if (this.executeHandlers.size + this.compensateHandlers.size === 0) throw new Error(`Participant ${this.name} has no handlers`);
    this.state = 'started';
    try {
      await this.connect();
    } catch (error) {
      // Leave nothing running (reconnect timers, half-open links) behind a failed start.
      await this.stop();
      throw error;
    }
    this.logger.info({ instance: this.instance }, 'participant started');
  }

  private async connect(): Promise<void> {
    await this.fence.ensureTable(this.transactions);
    this.unwatch = this.transactions.watch?.((error) => this.logger.warn({ error: error.message }, 'idle fence connection failed'));
    const startupRetries = this.options.startupRetries ?? ParticipantDefaults.startupRetries;
    const publishLink = new AmqpLink({
      urls: this.options.rabbitmqUrl,
      connectionName: `${this.name}/${this.instance}/publish`,
      logger: this.logger,
      startupRetries,
      setup: (model) => this.publisher.attach(model, () => this.publishLink),
    });
    this.publishLink = publishLink;
    await publishLink.open();
    const consumeLink = new AmqpLink({
      urls: this.options.rabbitmqUrl,
      connectionName: `${this.name}/${this.instance}/consume`,
      logger: this.logger,
      startupRetries,
      setup: (model) => this.startConsuming(model),
    });
    this.consumeLink = consumeLink;
    await consumeLink.open();
    await this.announce();
    const interval = this.options.announceIntervalMs ?? ParticipantDefaults.announceIntervalMs;
    this.announceTimer = setInterval(() => void this.announce(), interval);
    this.announceTimer.unref();
  }

  /** Stops consuming, waits for the commands in flight to be answered, then closes the connections. */
  async stop(): Promise<void> {
    if (this.state !== 'started') return;
    this.state = 'stopping';
    clearInterval(this.announceTimer);
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer !== undefined) await consumer.channel.cancel(consumer.consumerTag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    await this.consumeLink?.close();
    await this.publishLink?.close();
    this.unwatch?.();
    this.unwatch = undefined;
    this.state = 'stopped';
    this.logger.info({ instance: this.instance }, 'participant stopped');
  }

  private register<H>(handlers: Map<string, H>, command: string, handler: H): void {
    if (this.state !== 'new') throw new Error(`Register handlers before start(): ${command}`);
    if (handlers.has(command)) throw new Error(`A handler for ${command} is already registered`);
    handlers.set(command, handler);
  }

  /** The consuming link's setup: runs on every (re)connect. */
  private async startConsuming(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', () => undefined); // reported through 'close' below
    channel.on('close', () => {
      if (this.consumer?.channel === channel) this.consumer = undefined;
      if (this.state === 'started') this.consumeLink?.restart(model);
    });
    const queue = await declareParticipantTopology(channel, this.name, this.options.declareSharedTopology ?? true);
    await channel.prefetch(this.options.prefetch ?? ParticipantDefaults.prefetch);
    const { consumerTag } = await channel.consume(queue, (message) => {
      // null: the broker cancelled the consumer (queue deleted): reconnect re-declares it.
      if (message === null) this.consumeLink?.restart(model);
      else this.track(this.onDelivery(channel, message));
    });
    this.consumer = { channel, consumerTag };
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async onDelivery(channel: Channel, message: ConsumeMessage): Promise<void> {
    try {
      const parsed = parseStepCommand(message.content, message.properties.messageId as string | undefined, {
        participant: this.name,
        maxMessageBytes: this.options.maxMessageBytes ?? ParticipantDefaults.maxMessageBytes,
        isRegistered: (kind, command) => this.handlerFor(kind, command) !== undefined,
      });
      if (parsed.ok) await this.answer(channel, message, parsed.command);
      else await this.deadLetter(channel, message, parsed.rejection);
    } catch (error) {
      this.logger.error({ error: String(error) }, 'unexpected failure handling a delivery: requeueing');
      await this.requeueLater(channel, message);
    }
  }

  private async answer(channel: Channel, message: ConsumeMessage, command: StepCommandMessage): Promise<void> {
    const handler = this.handlerFor(command.kind, command.command);
    if (handler === undefined) throw new Error(`no handler for ${command.command}`); // parse already checked
    const headers = message.properties.headers;
    // The handler and the reply run in a span continuing the coordinator's trace (a no-op without an OpenTelemetry SDK).
    await inCommandSpan(command, headers, async ({ traceHeaders }) => {
      const startedAt = new Date();
      const outcome = await this.processor.process(command, handler, traceHeaders[MessageHeaders.traceparent]);
      if (outcome.type === 'fence-unavailable') {
        this.logger.error({ messageId: command.messageId, error: String(outcome.error) }, 'fence database unavailable: requeueing');
        await this.requeueLater(channel, message);
        return;
      }
      const reply = buildStepReply(command, outcome.draft, new Date(), startedAt);
      try {
        await this.publisher.publish(Topology.repliesExchange, Topology.replyRoutingKey, Buffer.from(JSON.stringify(reply)), {
          ...replyPublishOptions(reply, { ...headers, ...traceHeaders }, this.name),
          messageId: reply.messageId,
        });
      } catch (error) {
        // The outcome is committed in the fence: the redelivery re-sends this very reply.
        this.logger.warn({ messageId: command.messageId, error: String(error) }, 'reply not confirmed: requeueing the command');
        await this.requeueLater(channel, message);
        return;
      }
      settle(channel, message, 'ack');
    });
  }

  private async deadLetter(channel: Channel, message: ConsumeMessage, rejection: DeliveryRejection): Promise<void> {
    const reason = formatDeadLetterReason(rejection);
    this.logger.warn({ reason }, 'dead-lettering a malformed command');
    const { properties } = message;
    try {
      await this.publisher.publish(Topology.deadLetterExchange, message.fields.routingKey, message.content, {
        persistent: true,
        mandatory: true,
        contentType: properties.contentType as string | undefined,
        type: properties.type as string | undefined,
        correlationId: properties.correlationId as string | undefined,
        messageId: (properties.messageId as string | undefined) ?? `dead-letter:${randomBytes(8).toString('hex')}`,
        headers: { ...properties.headers, [MessageHeaders.deadLetterReason]: reason, [MessageHeaders.participant]: this.name },
      });
    } catch (error) {
      this.logger.warn({ error: String(error) }, 'dead-letter publish not confirmed: requeueing');
      await this.requeueLater(channel, message);
      return;
    }
    settle(channel, message, 'ack');
  }

  private async requeueLater(channel: Channel, message: ConsumeMessage): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, requeueDelayMs(message.properties.headers?.['x-delivery-count'])));
    settle(channel, message, 'requeue');
  }

  private handlerFor(kind: CommandKind, command: string): ExecuteHandler<Tx> | CompensateHandler<Tx> | undefined {
    return kind === CommandKinds.execute ? this.executeHandlers.get(command) : this.compensateHandlers.get(command);
  }

  private async announce(): Promise<void> {
    const announcement = buildAnnouncement(this.name, this.instance, this.executeHandlers.keys(), this.compensateHandlers.keys(), new Date());
    try {
      await this.publisher.publish(Topology.repliesExchange, Topology.announceRoutingKey, Buffer.from(JSON.stringify(announcement)), {
        contentType: 'application/json',
        type: MessageTypes.participantAnnounced,
        messageId: `${this.name}:${this.instance}:announce:${announcement.announcedAt}`,
        appId: this.name,
        headers: { [MessageHeaders.participant]: this.name, [MessageHeaders.protocolVersion]: PROTOCOL_VERSION },
      });
    } catch (error) {
      this.logger.warn({ error: String(error) }, 'announcement not confirmed');
    }
  }
}

/**
 * Acks or requeues on the channel that delivered the message. If that channel is gone the
 * broker has already requeued the message, so there is nothing left to do.
 */
function settle(channel: Channel, message: ConsumeMessage, how: 'ack' | 'requeue'): void {
  try {
    if (how === 'ack') channel.ack(message);
    else channel.nack(message, false, true);
  } catch {
    // Channel closed: the delivery returns to the queue with redelivered=true.
  }
}

/**
 * Creates a participant. Register handlers with `handle` / `compensate`, then `start()`.
 * `ctx.tx` is a `pg` client with `fence: { pool, schema }`, or what the adapter hands out with
 * `fence: { transactions, schema }` (a TypeORM `EntityManager`, a `Knex.Transaction`).
 */
export function createParticipant<Tx = TransactionClient>(options: ParticipantOptions<Tx>): Participant<Tx> {
  return new Participant<Tx>(options);
}

function transactionsOf<Tx>(fence: ParticipantOptions<Tx>['fence']): TransactionAdapter<Tx> {
  if (fence.transactions !== undefined) return fence.transactions;
  // Without an adapter the handle is the pg client itself, so Tx is TransactionClient here.
  return pgTransactions(fence.pool) as unknown as TransactionAdapter<Tx>;
}

function requireHandler<H>(command: string, handler: H | undefined): H {
  if (typeof handler !== 'function') throw new TypeError(`No handler function given for ${command}`);
  return handler;
}
