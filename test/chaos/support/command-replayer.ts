import amqp from 'amqplib';
import type pg from 'pg';

interface OutboxCommand {
  message_id: string;
  exchange: string;
  routing_key: string;
  type: string;
  correlation_id: string;
  headers: Record<string, unknown>;
  payload: unknown;
}

/**
 * The execute commands (every attempt) of the steps that were compensated, exactly as the
 * coordinator's outbox sent them: delivered again now, they are "the late command that
 * arrives after its compensation".
 */
export async function executeCommandsOfCompensatedSteps(db: pg.Pool, sagaIds: readonly string[]): Promise<OutboxCommand[]> {
  const { rows } = await db.query<OutboxCommand>(
    `SELECT o.message_id, o.exchange, o.routing_key, o.type, o.correlation_id, o.headers, o.payload
     FROM outbox_message o
     WHERE split_part(o.message_id, ':', 3) = 'execute'
       AND split_part(o.message_id, ':', 1) = ANY($1::text[])
       AND EXISTS (SELECT 1 FROM saga_event e
                   WHERE e.saga_id::text = split_part(o.message_id, ':', 1)
                     AND e.step = split_part(o.message_id, ':', 2) AND e.type = 'CompensationSucceeded')
     ORDER BY o.id`,
    [sagaIds],
  );
  return rows;
}

/** Publishes commands again with the properties the relay gave them (persistent, mandatory, confirmed). */
export async function republish(rabbitmqUrl: string, commands: readonly OutboxCommand[]): Promise<number> {
  const connection = await amqp.connect(rabbitmqUrl);
  try {
    const channel = await connection.createConfirmChannel();
    for (const command of commands) {
      channel.publish(command.exchange, command.routing_key, Buffer.from(JSON.stringify(command.payload)), {
        persistent: true,
        mandatory: true,
        contentType: 'application/json',
        messageId: command.message_id,
        correlationId: command.correlation_id,
        type: command.type,
        headers: command.headers,
      });
    }
    await channel.waitForConfirms();
    return commands.length;
  } finally {
    await connection.close().catch(() => undefined);
  }
}
