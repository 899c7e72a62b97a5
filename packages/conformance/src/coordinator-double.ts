import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, MessageProperties } from 'amqplib';
import {
  type CommandKind,
  CommandKinds,
  commandMessageId,
  commandRoutingKey,
  Exchanges,
  MessageHeaders,
  MessageTypes,
  PROTOCOL_VERSION,
  type StepCommandMessage,
  Topology,
} from '@saga-coordinator/contracts';

/** A message the kit received: its raw body, parsed JSON (when it is JSON) and AMQP properties. */
export interface ReceivedMessage {
  readonly content: Buffer;
  readonly body: unknown;
  readonly properties: MessageProperties;
  readonly receivedAt: number;
}

/** What the kit sends: a command, or raw bytes addressed like one. */
export interface OutgoingCommand {
  readonly routingKey: string;
  readonly messageId: string;
  readonly content: Buffer;
  readonly type: string;
  readonly correlationId?: string;
  readonly headers: Record<string, unknown>;
}

/**
 * The coordinator's side of the wire, played by the kit: publishes commands to `saga.commands`
 * and listens on two private queues, one bound to `saga.replies` (`reply`) and one to the
 * fanout `saga.dead-letter`, so it sees every reply and every refused message.
 */
export class CoordinatorDouble {
  private readonly replies: ReceivedMessage[] = [];
  private readonly deadLetters: ReceivedMessage[] = [];
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly connection: ChannelModel,
    private readonly publisher: ConfirmChannel,
    private readonly consumer: Channel,
  ) {}

  static async connect(amqpUrl: string): Promise<CoordinatorDouble> {
    const connection = await amqp.connect(amqpUrl, { clientProperties: { connection_name: `saga-conformance:${process.pid}` } });
    try {
      const publisher = await connection.createConfirmChannel();
      await declareExchanges(connection);
      const consumer = await connection.createChannel();
      const double = new CoordinatorDouble(connection, publisher, consumer);
      await double.listen(Topology.repliesExchange, Topology.replyRoutingKey, double.replies);
      await double.listen(Topology.deadLetterExchange, '', double.deadLetters);
      return double;
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  private async listen(exchange: string, pattern: string, into: ReceivedMessage[]): Promise<void> {
    const { queue } = await this.consumer.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
    await this.consumer.bindQueue(queue, exchange, pattern);
    await this.consumer.consume(
      queue,
      (message: ConsumeMessage | null) => {
        if (message === null) return;
        into.push({ content: message.content, body: parseJson(message.content), properties: message.properties, receivedAt: Date.now() });
        for (const listener of this.listeners) listener();
      },
      { noAck: true },
    );
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }

  /** Publishes with confirms and `mandatory`; rejects if the broker did not route it to the participant's queue. */
  async send(message: OutgoingCommand): Promise<void> {
    let returned = false;
    const onReturn = (returnedMessage: { properties: MessageProperties }): void => {
      if (returnedMessage.properties.messageId === message.messageId) returned = true;
    };
    this.publisher.on('return', onReturn);
    try {
      await new Promise<void>((resolve, reject) => {
        this.publisher.publish(
          Topology.commandsExchange,
          message.routingKey,
          message.content,
          {
            persistent: true,
            mandatory: true,
            contentType: 'application/json',
            messageId: message.messageId,
            ...(message.correlationId !== undefined ? { correlationId: message.correlationId } : {}),
            type: message.type,
            appId: 'saga-conformance',
            timestamp: Math.floor(Date.now() / 1000),
            headers: message.headers,
          },
          (error: unknown) => (error ? reject(new Error(`broker did not confirm ${message.messageId}`)) : resolve()),
        );
      });
    } finally {
      this.publisher.off('return', onReturn);
    }
    if (returned) throw new Error(`no queue is bound for ${Topology.commandsExchange}/${message.routingKey}: is the participant running?`);
  }

  /** Every reply received so far whose `inReplyTo` (or AMQP `correlationId`) is `commandId`. */
  repliesTo(commandId: string): ReceivedMessage[] {
    return this.replies.filter((reply) => inReplyTo(reply) === commandId);
  }

  /** Every dead letter received so far whose AMQP `messageId` is `messageId`. */
  deadLettersOf(messageId: string): ReceivedMessage[] {
    return this.deadLetters.filter((letter) => letter.properties.messageId === messageId);
  }

  /** Waits until `count` replies to `commandId` arrived; returns them (fewer on time-out). */
  waitForReplies(commandId: string, count: number, timeoutMs: number): Promise<ReceivedMessage[]> {
    return this.waitFor(() => this.repliesTo(commandId), count, timeoutMs);
  }

  waitForDeadLetter(messageId: string, timeoutMs: number): Promise<ReceivedMessage[]> {
    return this.waitFor(() => this.deadLettersOf(messageId), 1, timeoutMs);
  }

  /** Lets `ms` pass (to see whether something that must not come does). */
  quiet(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  private waitFor(read: () => ReceivedMessage[], count: number, timeoutMs: number): Promise<ReceivedMessage[]> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const found = read();
        if (found.length < count) return false;
        done(found);
        return true;
      };
      const done = (found: ReceivedMessage[]): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(found);
      };
      const listener = (): void => void check();
      const timer = setTimeout(() => done(read()), timeoutMs);
      this.listeners.add(listener);
      check();
    });
  }
}

/**
 * Declares the shared exchanges with the protocol's arguments, as every party may; a broker user
 * without configure permission (least privilege) only checks that they exist.
 */
async function declareExchanges(connection: ChannelModel): Promise<void> {
  const declaring = await connection.createChannel();
  declaring.on('error', () => undefined); // a refused declaration closes the channel: handled below
  try {
    for (const exchange of Exchanges) await declaring.assertExchange(exchange.name, exchange.type, { ...exchange.options });
    await declaring.close();
  } catch {
    const checking = await connection.createChannel();
    for (const exchange of Exchanges) await checking.checkExchange(exchange.name);
    await checking.close();
  }
}

/** A fresh W3C `traceparent`, so the kit can check that a reply carries it on. */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/** Builds a command exactly as the coordinator does: body, deterministic id, routing key, type and headers. */
export function stepCommand(fields: {
  sagaId: string;
  step: string;
  participant: string;
  command: string;
  kind: CommandKind;
  attempt: number;
  payload: unknown;
  traceparent?: string;
}): { body: StepCommandMessage; outgoing: OutgoingCommand } {
  const now = new Date();
  const messageId = commandMessageId(fields.sagaId, fields.step, fields.kind, fields.attempt);
  const body: StepCommandMessage = {
    messageId,
    sagaId: fields.sagaId,
    step: fields.step,
    participant: fields.participant,
    command: fields.command,
    kind: fields.kind,
    attempt: fields.attempt,
    payload: fields.payload,
    deadline: new Date(now.getTime() + 30_000).toISOString(),
    sentAt: now.toISOString(),
  };
  return { body, outgoing: outgoingOf(body, fields.traceparent) };
}

/** The AMQP envelope of a command body. */
export function outgoingOf(body: StepCommandMessage, traceparent?: string): OutgoingCommand {
  return {
    routingKey: commandRoutingKey(body.participant, body.command),
    messageId: body.messageId,
    content: Buffer.from(JSON.stringify(body)),
    type: body.kind === CommandKinds.execute ? MessageTypes.executeStep : MessageTypes.compensateStep,
    correlationId: body.sagaId,
    headers: {
      [MessageHeaders.sagaId]: body.sagaId,
      [MessageHeaders.step]: body.step,
      [MessageHeaders.attempt]: body.attempt,
      [MessageHeaders.participant]: body.participant,
      [MessageHeaders.protocolVersion]: PROTOCOL_VERSION,
      ...(traceparent !== undefined ? { [MessageHeaders.traceparent]: traceparent } : {}),
    },
  };
}

function parseJson(content: Buffer): unknown {
  try {
    return JSON.parse(content.toString('utf8'));
  } catch {
    return undefined;
  }
}

function inReplyTo(reply: ReceivedMessage): string | undefined {
  const body = reply.body as { inReplyTo?: unknown } | undefined;
  if (typeof body?.inReplyTo === 'string') return body.inReplyTo;
  return reply.properties.correlationId as string | undefined;
}
