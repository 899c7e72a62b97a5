import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage, type Message } from 'amqplib';
import type pg from 'pg';
import { fenceStatements, fenceTableSql, quotedSchema, type FenceRow, type FenceStatement, type FenceStatements } from './fence.sql.js';
import {
  QuorumQueueArguments,
  Wire,
  WireExchanges,
  WireTypes,
  participantQueue,
  sagaHeaders,
  type WireCommand,
  type WireReply,
} from './wire-protocol.js';

/** What a command comes to before it is addressed as a reply. */
export interface ReplyDraft {
  readonly outcome: WireReply['outcome'];
  readonly output?: unknown;
  readonly failure?: { readonly code: string; readonly message: string };
}

/**
 * The participant's own logic: the execute's result, decided before the fence (it must be pure:
 * it runs even for a command the fence then answers from its record), or undefined when this
 * participant has no such command (the command is dead-lettered).
 */
export type ExecuteLogic = (command: WireCommand) => ReplyDraft | undefined;

/** How one hand-written participant runs. */
export interface FencedParticipantOptions {
  readonly name: string;
  readonly rabbitmqUrl: string;
  /** A pool created with `pipeline: true` (pg 8.23): the fence's statements leave in one write. */
  readonly pool: pg.Pool;
  readonly schema: string;
  readonly prefetch: number;
  readonly execute: ExecuteLogic;
  /** Whether the participant handles this compensation command. */
  readonly compensates: (command: WireCommand) => boolean;
}

/** The connection internals the fence's transaction corks (pg keeps its socket there). */
interface CorkableClient {
  connection?: { stream?: { cork(): void; uncork(): void } };
}

/**
 * A fenced participant written by hand on plain `amqplib` and `pg`: the bound the SDK is
 * measured against. Per command: ONE transaction in ONE round trip (BEGIN, the (saga, step)
 * advisory lock, one fenced INSERT of the SDK's fence row, COMMIT, corked into one socket
 * write), then the reply published with a confirm, then the ack. The same guarantees as the
 * SDK's fence: a duplicate command is answered from the record without running the logic again,
 * a compensation of a step that never took effect records the `nothing-to-undo` tombstone, an
 * execute after its compensation is refused (`already-compensated`); the command is acked only
 * after its reply is confirmed. What it leaves out: reconnection (a lost connection ends the
 * process), tracing, logging, handler registration and per-field schema validation beyond the
 * fields it reads; malformed commands are rejected into the queue's dead-letter exchange.
 */
export class FencedParticipant {
  private publishConnection: ChannelModel | undefined;
  private consumeConnection: ChannelModel | undefined;
  private publisher: ConfirmChannel | undefined;
  private consumer: Channel | undefined;
  private consumerTag: string | undefined;
  private readonly returned = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly sql: FenceStatements;
  private readonly watched = new WeakSet<pg.PoolClient>();

  constructor(private readonly options: FencedParticipantOptions) {
    this.sql = fenceStatements(options.schema);
  }

  async start(): Promise<void> {
    for (const statement of fenceTableSql(this.options.schema)) await this.options.pool.query(statement);
    const socketOptions = { noDelay: true, clientProperties: { connection_name: `${this.options.name}/hand-written` } };
    this.publishConnection = await amqp.connect(this.options.rabbitmqUrl, socketOptions);
    this.consumeConnection = await amqp.connect(this.options.rabbitmqUrl, socketOptions);
    for (const connection of [this.publishConnection, this.consumeConnection]) {
      connection.on('error', (error: Error) => fail(`${this.options.name}: broker connection failed: ${error.message}`));
      connection.on('close', () => {
        if (this.consumerTag !== undefined) fail(`${this.options.name}: broker connection closed`);
      });
    }
    const publisher = await this.publishConnection.createConfirmChannel();
    publisher.on('return', (message: Message) => this.returned.add(String(message.properties.messageId)));
    for (const exchange of WireExchanges) await publisher.assertExchange(exchange.name, exchange.type, { durable: true, autoDelete: false });
    await publisher.assertQueue(Wire.deadLetterQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await publisher.bindQueue(Wire.deadLetterQueue, Wire.deadLetterExchange, '');
    const queue = participantQueue(this.options.name);
    await publisher.assertQueue(queue, { durable: true, arguments: { ...QuorumQueueArguments } });
    await publisher.bindQueue(queue, Wire.commandsExchange, `${this.options.name}.*`);
    this.publisher = publisher;
    const consumer = await this.consumeConnection.createChannel();
    await consumer.prefetch(this.options.prefetch);
    this.consumer = consumer;
    this.consumerTag = (await consumer.consume(queue, (message) => message && this.track(this.onDelivery(consumer, message)))).consumerTag;
  }

  /** Stops consuming, lets the commands in flight finish, closes the connections. */
  async stop(): Promise<void> {
    const tag = this.consumerTag;
    this.consumerTag = undefined;
    if (tag !== undefined) await this.consumer?.cancel(tag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    await Promise.allSettled([this.consumeConnection?.close(), this.publishConnection?.close()]);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async onDelivery(channel: Channel, message: ConsumeMessage): Promise<void> {
    const command = parseCommand(message);
    if (command === undefined || command.participant !== this.options.name) return channel.nack(message, false, false);
    const startedAt = new Date().toISOString();
    let draft: ReplyDraft | undefined;
    try {
      if (command.kind === 'execute') {
        const logic = this.options.execute(command);
        draft = logic && (await this.fencedExecute(command, logic));
      } else if (this.options.compensates(command)) {
        draft = await this.fencedCompensate(command);
      }
    } catch {
      // The fence database failed: nothing is known to be committed; try the command again later.
      setTimeout(() => channel.nack(message, false, true), 200);
      return;
    }
    if (draft === undefined) return channel.nack(message, false, false);
    this.reply(channel, message, command, draft, startedAt);
  }

  private async fencedExecute(command: WireCommand, logic: ReplyDraft): Promise<ReplyDraft> {
    const stored = logic.outcome === 'succeeded' ? { output: logic.output ?? null } : { failure: logic.failure };
    const recorded = await this.inTransaction(command, this.sql.execute, [
      command.sagaId,
      command.step,
      command.messageId,
      logic.outcome,
      JSON.stringify(stored),
    ]);
    if (recorded !== undefined) return { outcome: logic.outcome, ...stored };
    const rows = await this.recorded(command);
    if (rows.some((row) => row.kind === 'compensate')) {
      return {
        outcome: 'failed',
        failure: { code: 'already-compensated', message: `step ${command.step} of saga ${command.sagaId} was already compensated` },
      };
    }
    const execute = rows.find((row) => row.kind === 'execute');
    if (execute === undefined) throw new Error('the fence recorded nothing and holds nothing');
    return execute.outcome === 'succeeded'
      ? { outcome: 'succeeded', output: execute.reply?.output ?? null }
      : { outcome: 'failed', ...(execute.reply?.failure ? { failure: execute.reply.failure } : {}) };
  }

  private async fencedCompensate(command: WireCommand): Promise<ReplyDraft> {
    const recorded = await this.inTransaction(command, this.sql.compensate, [command.sagaId, command.step, command.messageId]);
    if (recorded === undefined && !(await this.recorded(command)).some((row) => row.kind === 'compensate')) {
      throw new Error('the fence recorded nothing and holds nothing');
    }
    // Recorded now, or before (a duplicate): either way the answer is `compensated`.
    return { outcome: 'compensated' };
  }

  /** BEGIN, lock, the fenced INSERT, COMMIT: one socket write, one round trip. Returns the recorded outcome, if any. */
  private async inTransaction(command: WireCommand, insert: FenceStatement, values: unknown[]): Promise<string | undefined> {
    const client = await this.options.pool.connect();
    if (!this.watched.has(client)) {
      // A checked-out client's 'error' without a listener would crash the process; the failing query reports it.
      client.on('error', () => undefined);
      this.watched.add(client);
    }
    let failure: Error | undefined;
    try {
      const stream = (client as unknown as CorkableClient).connection?.stream;
      stream?.cork();
      const pending = [
        client.query('BEGIN'),
        client.query({
          name: this.sql.lock.name,
          text: this.sql.lock.text,
          values: [quotedSchema(this.options.schema), command.sagaId, command.step],
        }),
        client.query<{ outcome: string }>({ name: insert.name, text: insert.text, values }),
        client.query('COMMIT'),
      ] as const;
      stream?.uncork();
      const [, , inserted] = await Promise.all(pending);
      return inserted.rows[0]?.outcome;
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      throw failure;
    } finally {
      client.release(failure);
    }
  }

  /** The fence rows of the command's (saga, step): only read when the fenced INSERT recorded nothing. */
  private async recorded(command: WireCommand): Promise<FenceRow[]> {
    return (await this.options.pool.query<FenceRow>({ name: this.sql.read.name, text: this.sql.read.text, values: [command.sagaId, command.step] }))
      .rows;
  }

  /** Publishes the reply with a confirm; acks the command once the broker confirmed it (and did not return it). */
  private reply(channel: Channel, message: ConsumeMessage, command: WireCommand, draft: ReplyDraft, startedAt: string): void {
    const repliedAt = new Date();
    const reply: WireReply = {
      messageId: `${command.messageId}:reply`,
      inReplyTo: command.messageId,
      sagaId: command.sagaId,
      step: command.step,
      participant: command.participant,
      kind: command.kind,
      attempt: command.attempt,
      outcome: draft.outcome,
      ...(draft.outcome === 'succeeded' ? { output: draft.output ?? null } : {}),
      ...(draft.failure !== undefined ? { failure: draft.failure } : {}),
      repliedAt: repliedAt.toISOString(),
      startedAt,
      commandSentAt: command.sentAt,
    };
    const headers = sagaHeaders(command);
    const traceparent: unknown = message.properties.headers?.traceparent;
    if (typeof traceparent === 'string') headers.traceparent = traceparent;
    this.publisher!.publish(
      Wire.repliesExchange,
      Wire.replyRoutingKey,
      Buffer.from(JSON.stringify(reply)),
      {
        persistent: true,
        mandatory: true,
        contentType: 'application/json',
        messageId: reply.messageId,
        correlationId: reply.inReplyTo,
        type: WireTypes.stepReplied,
        // The broker-verified sender: the coordinator refuses replies without it.
        userId: decodeURIComponent(new URL(this.options.rabbitmqUrl).username) || 'guest',
        appId: this.options.name,
        timestamp: Math.floor(repliedAt.getTime() / 1000),
        headers,
      },
      (error: unknown) => {
        const returned = this.returned.delete(reply.messageId);
        // Not confirmed or unroutable: the fence holds the outcome, the redelivery re-sends this reply.
        if (error || returned) setTimeout(() => channel.nack(message, false, true), 200);
        else channel.ack(message);
      },
    );
  }
}

/** The command's fields this participant reads, checked; undefined for anything malformed. */
function parseCommand(message: ConsumeMessage): WireCommand | undefined {
  let body: unknown;
  try {
    body = JSON.parse(message.content.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const c = body as Record<string, unknown>;
  const texts = ['messageId', 'sagaId', 'step', 'participant', 'command', 'sentAt'] as const;
  if (texts.some((key) => typeof c[key] !== 'string' || c[key] === '')) return undefined;
  if (c.kind !== 'execute' && c.kind !== 'compensate') return undefined;
  if (typeof c.attempt !== 'number' || !Number.isInteger(c.attempt) || c.attempt < 1) return undefined;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(c.sagaId as string)) return undefined;
  if (message.properties.messageId !== undefined && message.properties.messageId !== c.messageId) return undefined;
  return body as WireCommand;
}

function fail(reason: string): never {
  process.stderr.write(`${reason}\n`);
  process.exit(1);
}
