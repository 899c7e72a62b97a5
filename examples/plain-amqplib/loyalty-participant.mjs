// A saga participant written with amqplib and pg only, from docs/participants.md alone: no SDK,
// no contracts package. It awards loyalty points for an order (`award-points`) and takes them
// back on compensation (`revoke-points`). docs/participants.md includes this file verbatim.
import { hostname } from 'node:os';
import amqp from 'amqplib';
import pg from 'pg';

const NAME = process.env.PARTICIPANT_NAME ?? 'loyalty';
const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@localhost:5672';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@localhost:5432/loyalty';
const ANNOUNCE_INTERVAL_MS = Number(process.env.ANNOUNCE_INTERVAL_MS ?? 30_000);
const MAX_MESSAGE_BYTES = 1024 * 1024;
const PROTOCOL_VERSION = 1;
const INSTANCE = `${hostname()}:${process.pid}`;
// The broker user this connection logs in as: sent as `user-id` on every publish. RabbitMQ refuses
// any other value, so the coordinator knows who sent a reply (docs/participants.md#identity).
const BROKER_USER = decodeURIComponent(new URL(RABBITMQ_URL).username) || 'guest';

// 1. Topology: the same names and arguments as every other party (docs/participants.md#topology).
const QUEUE = `saga.participant.${NAME}`;
async function declareTopology(channel) {
  const exchange = { durable: true, autoDelete: false };
  await channel.assertExchange('saga.commands', 'topic', exchange);
  await channel.assertExchange('saga.replies', 'direct', exchange);
  await channel.assertExchange('saga.dead-letter', 'fanout', exchange);
  await channel.assertQueue('saga.dead-letter', { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue('saga.dead-letter', 'saga.dead-letter', '');
  await channel.assertQueue(QUEUE, {
    durable: true,
    arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5, 'x-dead-letter-exchange': 'saga.dead-letter' },
  });
  await channel.bindQueue(QUEUE, 'saga.commands', `${NAME}.*`);
}

// 2. The participant's own database: its business table and the fence, keyed by (saga, step, kind).
async function createTables(pool) {
  await pool.query(`
    CREATE SCHEMA IF NOT EXISTS loyalty;
    CREATE TABLE IF NOT EXISTS loyalty.ledger (
      id bigserial PRIMARY KEY,
      saga_id uuid NOT NULL,
      step text NOT NULL,
      customer_id text NOT NULL,
      points integer NOT NULL,
      entry text NOT NULL CHECK (entry IN ('award', 'revoke'))
    );
    CREATE TABLE IF NOT EXISTS loyalty.saga_fence (
      saga_id uuid NOT NULL,
      step text NOT NULL,
      kind text NOT NULL,
      outcome text NOT NULL,
      reply jsonb NOT NULL,
      PRIMARY KEY (saga_id, step, kind)
    )`);
}

// 3. Handlers: business logic only. They run inside the fenced transaction `tx` and return the
// reply's outcome; throwing means a technical error (rolled back, answered `error`, retried).
const executeHandlers = {
  'award-points': async (tx, { sagaId, step, payload }) => {
    const { customerId, items } = payload?.input ?? {};
    if (typeof customerId !== 'string' || !Array.isArray(items)) {
      return { outcome: 'failed', failure: { code: 'invalid-order', message: 'input.customerId and input.items are required' } };
    }
    const points = Math.floor(items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0));
    await tx.query(`INSERT INTO loyalty.ledger (saga_id, step, customer_id, points, entry) VALUES ($1, $2, $3, $4, 'award')`, [
      sagaId, step, customerId, points,
    ]);
    return { outcome: 'succeeded', output: { customerId, points } };
  },
  // The conformance kit's optional probe: how often the effect of (sagaId, step) committed.
  'conformance-probe': async (tx, { payload }) => {
    const { rows } = await tx.query(
      `SELECT count(*) FILTER (WHERE entry = 'award')::int AS executions, count(*) FILTER (WHERE entry = 'revoke')::int AS compensations
       FROM loyalty.ledger WHERE saga_id = $1 AND step = $2`,
      [payload.input.sagaId, payload.input.step],
    );
    return { outcome: 'succeeded', output: rows[0] };
  },
};
const compensateHandlers = {
  'revoke-points': async (tx, { sagaId, step }) => {
    await tx.query(
      `INSERT INTO loyalty.ledger (saga_id, step, customer_id, points, entry)
       SELECT saga_id, step, customer_id, -points, 'revoke' FROM loyalty.ledger WHERE saga_id = $1 AND step = $2 AND entry = 'award'`,
      [sagaId, step],
    );
    return { outcome: 'compensated' };
  },
};

// 4. Checking a delivery: a command that cannot be answered is dead-lettered, never replied to.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function checkCommand(message) {
  if (message.content.length > MAX_MESSAGE_BYTES) return { reject: `oversized: ${message.content.length} bytes` };
  let command;
  try {
    command = JSON.parse(message.content.toString('utf8'));
  } catch {
    return { reject: 'not-json' };
  }
  const text = (value) => typeof value === 'string' && value.length > 0 && value.length <= 200;
  const valid =
    typeof command === 'object' && command !== null && text(command.messageId) && UUID.test(command.sagaId ?? '') &&
    text(command.step) && text(command.participant) && text(command.command) && ['execute', 'compensate'].includes(command.kind) &&
    Number.isInteger(command.attempt) && command.attempt >= 1 && typeof command.sentAt === 'string';
  if (!valid) return { reject: 'invalid-schema' };
  if (message.properties.messageId !== undefined && message.properties.messageId !== command.messageId) return { reject: 'message-id-mismatch' };
  if (command.participant !== NAME) return { reject: `wrong-participant: ${command.participant}` };
  const handler = (command.kind === 'execute' ? executeHandlers : compensateHandlers)[command.command];
  if (handler === undefined) return { reject: `unknown-command: ${command.kind} ${command.command}` };
  return { command, handler };
}

// 5. The fence: one transaction holds the fence row and the handler's business change.
async function runFenced(pool, command, handler) {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    // Execute and compensate of one (saga, step) never run at the same time: a compensation that
    // arrives while its execute runs waits here, then sees the execute's row and undoes it.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2, 0))`, [command.sagaId, command.step]);
    const { rows } = await tx.query('SELECT kind, outcome, reply FROM loyalty.saga_fence WHERE saga_id = $1 AND step = $2', [
      command.sagaId, command.step,
    ]);
    const execute = rows.find((row) => row.kind === 'execute');
    const compensate = rows.find((row) => row.kind === 'compensate');
    let reply;
    if (command.kind === 'execute' && compensate) {
      reply = { outcome: 'failed', failure: { code: 'already-compensated', message: 'the step was compensated before it ran' } };
    } else if (command.kind === 'execute' && execute) {
      reply = execute.reply; // a redelivery or a new attempt: the stored answer, the handler does not run again
    } else if (command.kind === 'compensate' && compensate) {
      reply = compensate.reply;
    } else if (command.kind === 'compensate' && execute?.outcome !== 'succeeded') {
      reply = { outcome: 'compensated' }; // never executed here (or refused): nothing to undo, remember it
      await record(tx, command, reply);
    } else {
      try {
        reply = await handler(tx, command);
      } catch (error) {
        await tx.query('ROLLBACK');
        return { outcome: 'error', failure: { code: 'handler-error', message: String(error?.message ?? error).slice(0, 4000) } };
      }
      await record(tx, command, reply);
    }
    await tx.query('COMMIT');
    return reply;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error; // the fence itself failed: nothing is known to be committed, so the command is requeued
  } finally {
    tx.release();
  }
}

async function record(tx, command, reply) {
  await tx.query('INSERT INTO loyalty.saga_fence (saga_id, step, kind, outcome, reply) VALUES ($1, $2, $3, $4, $5)', [
    command.sagaId, command.step, command.kind, reply.outcome, JSON.stringify(reply),
  ]);
}

// 6. The reply: ids from the command being answered now, published persistently with a confirm.
function publishConfirmed(channel, exchange, routingKey, body, options) {
  return new Promise((resolve, reject) => {
    channel.publish(exchange, routingKey, Buffer.from(JSON.stringify(body)), { persistent: true, mandatory: true, contentType: 'application/json', userId: BROKER_USER, ...options },
      (error) => (error ? reject(error) : resolve()));
  });
}

async function sendReply(channel, command, answer, traceparent) {
  const reply = {
    messageId: `${command.messageId}:reply`,
    inReplyTo: command.messageId,
    sagaId: command.sagaId,
    step: command.step,
    participant: NAME,
    kind: command.kind,
    attempt: command.attempt,
    outcome: answer.outcome,
    ...(answer.outcome === 'succeeded' ? { output: answer.output ?? null } : {}),
    ...(answer.failure ? { failure: answer.failure } : {}),
    repliedAt: new Date().toISOString(),
    commandSentAt: command.sentAt,
  };
  await publishConfirmed(channel, 'saga.replies', 'reply', reply, {
    messageId: reply.messageId,
    correlationId: command.messageId,
    type: 'saga.StepReplied',
    headers: {
      'x-saga-id': command.sagaId,
      'x-saga-step': command.step,
      'x-saga-attempt': command.attempt,
      'x-saga-participant': NAME,
      'x-saga-protocol-version': PROTOCOL_VERSION,
      ...(typeof traceparent === 'string' ? { traceparent } : {}),
    },
  });
}

async function deadLetter(channel, message, reason) {
  await new Promise((resolve, reject) => {
    channel.publish('saga.dead-letter', message.fields.routingKey, message.content, {
      ...message.properties,
      userId: BROKER_USER, // not the command's: the broker refuses a user-id other than ours
      headers: { ...message.properties.headers, 'x-dead-letter-reason': reason, 'x-saga-participant': NAME },
    }, (error) => (error ? reject(error) : resolve()));
  });
}

// 7. Consume: handle, reply, wait for the confirm, and only then ack. An unroutable reply (no
// coordinator queue bound) comes back as a 'return' before its confirm and counts as not sent.
async function main() {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
  await createTables(pool);
  const connection = await amqp.connect(RABBITMQ_URL, { clientProperties: { connection_name: `${NAME}/${INSTANCE}` } });
  const publisher = await connection.createConfirmChannel();
  const returned = new Set();
  publisher.on('return', (message) => returned.add(message.properties.messageId));
  const consumer = await connection.createChannel();
  await declareTopology(consumer);
  await consumer.prefetch(16);
  const inFlight = new Set();

  const requeueLater = (message) => setTimeout(() => consumer.nack(message, false, true), 1_000);
  const onMessage = async (message) => {
    const checked = checkCommand(message);
    try {
      if (checked.reject) {
        await deadLetter(publisher, message, checked.reject);
        consumer.ack(message);
        return;
      }
      const answer = await runFenced(pool, checked.command, checked.handler);
      await sendReply(publisher, checked.command, answer, message.properties.headers?.traceparent);
      if (returned.delete(`${checked.command.messageId}:reply`)) throw new Error('reply unroutable: is the coordinator running?');
      consumer.ack(message);
    } catch (error) {
      console.error(JSON.stringify({ level: 'warn', msg: 'command not answered, requeued', error: String(error) }));
      requeueLater(message);
    }
  };
  const { consumerTag } = await consumer.consume(QUEUE, (message) => {
    if (message === null) return;
    const work = onMessage(message).finally(() => inFlight.delete(work));
    inFlight.add(work);
  });

  const announce = () =>
    publishConfirmed(publisher, 'saga.replies', 'announce', {
      participant: NAME,
      instance: INSTANCE,
      commands: Object.keys(executeHandlers),
      compensations: Object.keys(compensateHandlers),
      announcedAt: new Date().toISOString(),
    }, { messageId: `${NAME}:${INSTANCE}:announce:${Date.now()}`, type: 'saga.ParticipantAnnounced', headers: { 'x-saga-participant': NAME, 'x-saga-protocol-version': PROTOCOL_VERSION } })
      .catch((error) => console.error(JSON.stringify({ level: 'warn', msg: 'announcement not confirmed', error: String(error) })));
  await announce();
  const timer = setInterval(announce, ANNOUNCE_INTERVAL_MS);
  console.log(JSON.stringify({ level: 'info', msg: 'participant started', participant: NAME, instance: INSTANCE }));

  const stop = async () => {
    clearInterval(timer);
    await consumer.cancel(consumerTag);
    await Promise.allSettled([...inFlight]);
    await connection.close();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

await main();
