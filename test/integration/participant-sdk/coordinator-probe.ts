import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import type { ChannelModel, ConfirmChannel, ConsumeMessage, GetMessage } from 'amqplib';
import {
  type CommandKind,
  commandMessageId,
  commandRoutingKey,
  DeadLetterQueue,
  Exchanges,
  MessageTypes,
  type StepCommandMessage,
  StepReplyMessage,
  Topology,
} from '@saga-coordinator/contracts';
import { eventually } from '../../support/test-infrastructure.js';

/** A received reply with its AMQP properties. */
export interface ReceivedReply {
  readonly body: StepReplyMessage;
  readonly message: ConsumeMessage;
}

/**
 * Plays the coordinator against a real broker: publishes step commands and collects the replies
 * from a queue of its own bound to `saga.replies`.
 */
export class CoordinatorProbe {
  readonly replies: ReceivedReply[] = [];
  readonly announcements: unknown[] = [];

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
  ) {}

  static async connect(rabbitmqUrl: string): Promise<CoordinatorProbe> {
    const connection = await amqp.connect(rabbitmqUrl, { noDelay: true });
    const channel = await connection.createConfirmChannel();
    for (const exchange of Exchanges) await channel.assertExchange(exchange.name, exchange.type, { ...exchange.options });
    await channel.assertQueue(DeadLetterQueue.name, { durable: true, arguments: { ...DeadLetterQueue.options.arguments } });
    await channel.bindQueue(Topology.deadLetterQueue, Topology.deadLetterExchange, '');
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, Topology.repliesExchange, Topology.replyRoutingKey);
    await channel.bindQueue(queue, Topology.repliesExchange, Topology.announceRoutingKey);
    const probe = new CoordinatorProbe(connection, channel);
    await channel.consume(
      queue,
      (message) => {
        if (message === null) return;
        const body: unknown = JSON.parse(message.content.toString('utf8'));
        if (message.fields.routingKey === Topology.announceRoutingKey) probe.announcements.push(body);
        else probe.replies.push({ body: StepReplyMessage.parse(body), message });
      },
      { noAck: true },
    );
    return probe;
  }

  /** Publishes a command (persistent, confirmed) and returns it. */
  async send(command: StepCommandMessage, headers: Record<string, unknown> = {}): Promise<StepCommandMessage> {
    await this.publishRaw(commandRoutingKey(command.participant, command.command), Buffer.from(JSON.stringify(command)), {
      messageId: command.messageId,
      type: command.kind === 'execute' ? MessageTypes.executeStep : MessageTypes.compensateStep,
      headers,
    });
    return command;
  }

  /** Publishes arbitrary bytes to the commands exchange. */
  async publishRaw(routingKey: string, content: Buffer, options: amqp.Options.Publish = {}): Promise<void> {
    this.channel.publish(Topology.commandsExchange, routingKey, content, { persistent: true, contentType: 'application/json', ...options });
    await this.channel.waitForConfirms();
  }

  /** Waits for the reply to `command` (by `inReplyTo`); returns the n-th one if asked. */
  async replyTo(command: StepCommandMessage, nth = 1): Promise<ReceivedReply> {
    return eventually(() => this.repliesTo(command)[nth - 1], { what: `reply #${nth} to ${command.messageId}`, timeoutMs: 15_000 });
  }

  repliesTo(command: StepCommandMessage): ReceivedReply[] {
    return this.replies.filter((reply) => reply.body.inReplyTo === command.messageId);
  }

  /** Waits for the next message in `saga.dead-letter`. */
  async nextDeadLetter(): Promise<GetMessage> {
    return eventually(async () => (await this.channel.get(Topology.deadLetterQueue, { noAck: true })) || undefined, {
      what: 'a dead-lettered message',
      timeoutMs: 15_000,
    });
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}

/** A valid command for `participant`, with deterministic ids for (saga, step, kind, attempt). */
export function stepCommand(overrides: {
  participant: string;
  command: string;
  kind?: CommandKind;
  sagaId?: string;
  step?: string;
  attempt?: number;
  payload?: unknown;
}): StepCommandMessage {
  const sagaId = overrides.sagaId ?? randomUUID();
  const step = overrides.step ?? 'the-step';
  const kind = overrides.kind ?? 'execute';
  const attempt = overrides.attempt ?? 1;
  return {
    messageId: commandMessageId(sagaId, step, kind, attempt),
    sagaId,
    step,
    participant: overrides.participant,
    command: overrides.command,
    kind,
    attempt,
    payload: overrides.payload ?? {},
    sentAt: new Date().toISOString(),
  };
}
