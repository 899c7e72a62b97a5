import amqp from 'amqplib';
import type pg from 'pg';
import { brokerUserOf, MessageHeaders, MessageTypes, Topology } from '@saga-coordinator/contracts';

/** A fence row of a participant: what it committed for one (saga, step, kind). */
interface FenceRow {
  participant: string;
  saga_id: string;
  step: string;
  kind: 'execute' | 'compensate';
  message_id: string;
  outcome: string;
  reply: { output?: unknown; failure?: { code: string; message: string } } | null;
}

const replyOutcome: Record<string, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  compensated: 'compensated',
  'nothing-to-undo': 'compensated',
};

/** Reads every fence record of the three example participants. */
export async function readFenceRows(db: pg.Pool): Promise<FenceRow[]> {
  const { rows } = await db.query<FenceRow>(
    ['inventory', 'payment', 'shipping']
      .map((p) => `SELECT '${p}' AS participant, saga_id, step, kind, message_id, outcome, reply FROM ${p}.saga_fence`)
      .join(' UNION ALL '),
  );
  return rows;
}

/** The reply a participant sent for a fence row, optionally with another id, attempt or outcome. */
export function replyFor(row: FenceRow, override: { messageId?: string; attempt?: number; outcome?: string; sagaId?: string } = {}) {
  const attempt = Number(row.message_id.split(':').at(-1));
  const outcome = override.outcome ?? replyOutcome[row.outcome] ?? 'succeeded';
  return {
    messageId: override.messageId ?? `${row.message_id}:reply`,
    inReplyTo: row.message_id,
    sagaId: override.sagaId ?? row.saga_id,
    step: row.step,
    participant: row.participant,
    kind: row.kind,
    attempt: override.attempt ?? attempt,
    outcome,
    ...(outcome === 'succeeded' ? { output: row.reply?.output ?? null } : {}),
    ...(outcome === 'failed' ? { failure: row.reply?.failure ?? { code: 'chaos', message: 'injected by the chaos suite' } } : {}),
    repliedAt: new Date().toISOString(),
  };
}

/** Publishes replies to `saga.replies` as a participant would (persistent, confirmed). */
export class ReplyInjector {
  private constructor(
    private readonly connection: amqp.ChannelModel,
    private readonly channel: amqp.ConfirmChannel,
    /** Sent as user-id: the coordinator accepts replies only from a broker-verified sender. */
    private readonly userId: string,
  ) {}

  static async open(rabbitmqUrl: string): Promise<ReplyInjector> {
    const connection = await amqp.connect(rabbitmqUrl);
    const channel = await connection.createConfirmChannel();
    return new ReplyInjector(connection, channel, brokerUserOf(rabbitmqUrl));
  }

  async publish(reply: ReturnType<typeof replyFor>): Promise<void> {
    this.channel.publish(Topology.repliesExchange, Topology.replyRoutingKey, Buffer.from(JSON.stringify(reply)), {
      persistent: true,
      contentType: 'application/json',
      messageId: reply.messageId,
      correlationId: reply.inReplyTo,
      type: MessageTypes.stepReplied,
      userId: this.userId,
      headers: {
        [MessageHeaders.sagaId]: reply.sagaId,
        [MessageHeaders.step]: reply.step,
        [MessageHeaders.attempt]: reply.attempt,
        [MessageHeaders.participant]: reply.participant,
      },
    });
    await this.channel.waitForConfirms();
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}
