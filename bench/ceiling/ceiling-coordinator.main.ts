import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import amqp, { type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import pg from 'pg';
import {
  commandRoutingKey,
  CoordinatorBindings,
  CoordinatorExchange,
  DeadLetterQueue,
  Exchanges,
  RepliesQueue,
  Topology,
} from '@saga-coordinator/contracts';
import { allBenchDefinitions, type BenchDefinition } from '../workload/bench-definitions.js';
import { decideCeiling, type CeilingReply, type CeilingState } from './ceiling-decide.js';
import { ApplySql, CeilingSchemaSql, ClaimSql, InsertSagaSql } from './ceiling-schema.js';

/**
 * The framework-free coordinator of the same shape as ours: REST start, one transaction per
 * event (inbox + row lock, state, step log, timer, outbox), publish with confirms right after
 * commit, sent-marks batched, a relay poll as the safety net. Plain `node:http`, `pg`, `amqplib`.
 * Env: CEILING_DATABASE_URL, CEILING_RABBITMQ_URL, CEILING_PORT, CEILING_POOL_SIZE, CEILING_PREFETCH.
 */
const definitions = new Map<string, BenchDefinition>(allBenchDefinitions().map((d) => [d.name, d]));
const pool = new pg.Pool({ connectionString: env('CEILING_DATABASE_URL'), max: Number(process.env.CEILING_POOL_SIZE ?? 10) });
let publishChannel: ConfirmChannel;
const confirmedIds: string[] = [];

interface OutboxRow {
  readonly id: string;
  readonly routingKey: string;
  readonly body: Record<string, unknown>;
}

function commandFor(
  sagaId: string,
  definition: BenchDefinition,
  index: number,
  kind: 'execute' | 'compensate',
  input: unknown,
  outputs: Readonly<Record<string, unknown>>,
) {
  const step = definition.steps[index]!;
  const command = kind === 'execute' ? step.command : step.compensation;
  const body = {
    messageId: `${sagaId}:${step.name}:${kind}:1`,
    sagaId,
    step: step.name,
    participant: step.participant,
    command,
    kind,
    attempt: 1,
    payload: kind === 'execute' ? { input, outputs } : { input, output: outputs[step.name] ?? null },
    sentAt: new Date().toISOString(),
  };
  return { body, routingKey: commandRoutingKey(step.participant, command), timeoutMs: step.timeoutMs };
}

/** Publishes after commit; the confirm adds the row to the next batched sent-mark. */
function publish(row: OutboxRow): void {
  publishChannel.publish(
    Topology.commandsExchange,
    row.routingKey,
    Buffer.from(JSON.stringify(row.body)),
    { persistent: true, mandatory: true, contentType: 'application/json', messageId: String(row.body.messageId) },
    (error) => {
      if (!error) confirmedIds.push(row.id);
    },
  );
}

async function startSaga(definitionName: string, input: unknown): Promise<string> {
  const definition = definitions.get(definitionName);
  if (!definition) throw new Error(`unknown definition ${definitionName}`);
  const id = randomUUID();
  const state: CeilingState = { current: 0, phase: 'forward', outputs: {} };
  const command = commandFor(id, definition, 0, 'execute', input, {});
  const result = await pool.query<{ id: string }>(InsertSagaSql, [
    id,
    definitionName,
    state,
    JSON.stringify(input),
    command.body.messageId,
    command.routingKey,
    command.body,
    command.body.step,
    command.timeoutMs,
  ]);
  publish({ id: result.rows[0]!.id, routingKey: command.routingKey, body: command.body });
  return id;
}

async function handleReply(message: ConsumeMessage): Promise<void> {
  if (message.properties.type === 'saga.ParticipantAnnounced') return;
  const reply = JSON.parse(message.content.toString('utf8')) as CeilingReply & { messageId: string; sagaId: string };
  const client = await pool.connect();
  let outbox: OutboxRow | undefined;
  try {
    await client.query('BEGIN');
    const claimed = await client.query<{ definition: string; status: string; state: CeilingState; input: unknown; last_seq: number }>(ClaimSql, [
      reply.messageId,
      reply.sagaId,
    ]);
    const row = claimed.rows[0];
    const definition = row && definitions.get(row.definition);
    const decision = row && definition ? decideCeiling(definition, row.state, reply) : undefined;
    if (row && definition && decision) {
      const command = decision.command
        ? commandFor(reply.sagaId, definition, decision.command.index, decision.command.kind, row.input, decision.state.outputs)
        : undefined;
      const inserted = await client.query<{ id: string }>(ApplySql, [
        reply.sagaId,
        decision.status,
        decision.state,
        row.last_seq + 1,
        decision.logType,
        reply.step,
        reply.output === undefined ? null : JSON.stringify(reply.output),
        command?.body.messageId ?? null,
        command?.routingKey ?? null,
        command?.body ?? null,
        command?.timeoutMs ?? 0,
      ]);
      if (command) outbox = { id: inserted.rows[0]!.id, routingKey: command.routingKey, body: command.body };
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  if (outbox) publish(outbox);
}

/** Sent-marks in one UPDATE every 50 ms instead of one commit per message. */
async function flushSentMarks(): Promise<void> {
  if (confirmedIds.length === 0) return;
  const ids = confirmedIds.splice(0, confirmedIds.length);
  await pool.query('UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])', [ids]);
}

/** Safety net: rows the after-commit publish did not confirm within 5 s. */
async function relayStale(): Promise<void> {
  const stale = await pool.query<{ id: string; routing_key: string; body: Record<string, unknown> }>(
    `SELECT id, routing_key, body FROM outbox WHERE sent_at IS NULL AND created_at < now() - interval '5 seconds' ORDER BY id LIMIT 100`,
  );
  for (const row of stale.rows) publish({ id: row.id, routingKey: row.routing_key, body: row.body });
}

/** Due timers are looked up like ours does (the bench's timeouts never fire). */
async function pollTimers(): Promise<void> {
  await pool.query('SELECT saga_id FROM saga_timer WHERE due_at <= now() ORDER BY due_at LIMIT 100 FOR UPDATE SKIP LOCKED');
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'POST' || request.url !== '/v1/sagas') {
    response.writeHead(404).end();
    return;
  }
  try {
    const body = JSON.parse(await readBody(request)) as { definition: string; input: unknown };
    const id = await startSaga(body.definition, body.input);
    response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id, status: 'RUNNING' }));
  } catch (error) {
    response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: String(error) }));
  }
}

async function main(): Promise<void> {
  await pool.query(CeilingSchemaSql);
  const socketOptions = { noDelay: true };
  const publishConnection = await amqp.connect(env('CEILING_RABBITMQ_URL'), socketOptions);
  const consumeConnection = await amqp.connect(env('CEILING_RABBITMQ_URL'), socketOptions);
  publishChannel = await publishConnection.createConfirmChannel();
  // The same topology as ours (the coordinator exchange for child sagas included), though the ceiling runs no child sagas.
  for (const exchange of [...Exchanges, CoordinatorExchange])
    await publishChannel.assertExchange(exchange.name, exchange.type, { ...exchange.options });
  for (const queue of [RepliesQueue, DeadLetterQueue])
    await publishChannel.assertQueue(queue.name, { durable: true, arguments: { ...queue.options.arguments } });
  for (const binding of CoordinatorBindings) await publishChannel.bindQueue(binding.queue, binding.exchange, binding.pattern);
  const consumeChannel = await consumeConnection.createChannel();
  await consumeChannel.prefetch(Number(process.env.CEILING_PREFETCH ?? 50));
  await consumeChannel.consume(Topology.repliesQueue, (message) => {
    if (!message) return;
    handleReply(message).then(
      () => consumeChannel.ack(message),
      (error: unknown) => {
        process.stderr.write(`reply failed: ${String(error)}\n`);
        consumeChannel.nack(message, false, true);
      },
    );
  });
  const timers = [
    setInterval(() => void flushSentMarks().catch(() => undefined), 50),
    setInterval(() => void relayStale().catch(() => undefined), 1000),
    setInterval(() => void pollTimers().catch(() => undefined), 250),
  ];
  const server = createServer((request, response) => void serve(request, response));
  server.keepAliveTimeout = 60_000;
  server.listen(Number(env('CEILING_PORT')), '127.0.0.1', () => process.stdout.write('ceiling ready\n'));
  process.once('SIGTERM', () => {
    timers.forEach(clearInterval);
    server.close();
    void flushSentMarks()
      .catch(() => undefined)
      .then(() => Promise.all([consumeConnection.close(), publishConnection.close()]))
      .then(() => pool.end())
      .finally(() => process.exit(0));
  });
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`ceiling failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
