import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import amqp, { type Channel, type ConfirmChannel, type ConsumeMessage, type Message } from 'amqplib';
import pg from 'pg';
import { allBenchDefinitions, type BenchDefinition } from '../workload/bench-definitions.js';
import { AdvanceSagaStatement, InsertSagaStatement, MinimalSchemaSql } from './minimal-schema.sql.js';
import { minimalTransition } from './minimal-transition.js';
import { QuorumQueueArguments, Wire, WireExchanges, WireTypes, sagaHeaders, type WireCommand, type WireReply } from './wire-protocol.js';

/**
 * The minimal coordinator: the bound our coordinator's own CPU is measured against. The same
 * commits and messages per saga as ours on the happy path (a start commit and one commit per
 * reply; one command per step, one reply per command), and nothing else: no inbox, no outbox,
 * no step log, no timers, no retries. Per event: one UPDATE of the saga row (autocommit, its
 * WHERE clause dedupes replies), then the next command published with a confirm, then the ack.
 * What that gives up: a crash between the commit and the confirm loses the next command (the
 * redelivered reply is a duplicate by then), a lost reply is never timed out, a technical error
 * is never retried. Plain `node:http`, `pg` and `amqplib`; quorum queues, publisher confirms.
 * Env: MINIMAL_DATABASE_URL, MINIMAL_RABBITMQ_URL, MINIMAL_PORT, MINIMAL_POOL_SIZE, MINIMAL_PREFETCH.
 */
const definitions = new Map<string, BenchDefinition>(allBenchDefinitions().map((d) => [d.name, d]));
/** Step name → position: the same in every bench definition (`s01` is always the first). */
const stepIndex = new Map<string, number>();
for (const definition of definitions.values()) {
  definition.steps.forEach((step, index) => {
    if ((stepIndex.get(step.name) ?? index) !== index) throw new Error(`step ${step.name} sits at different positions`);
    stepIndex.set(step.name, index);
  });
}
const pool = new pg.Pool({ connectionString: env('MINIMAL_DATABASE_URL'), max: Number(process.env.MINIMAL_POOL_SIZE ?? 10) });
let publisher: ConfirmChannel;
const returned = new Set<string>();

/** The command for step `index` of a saga, as the wire protocol has it. */
function commandFor(
  sagaId: string,
  definition: BenchDefinition,
  index: number,
  kind: 'execute' | 'compensate',
  input: unknown,
  outputs: Readonly<Record<string, unknown>>,
): WireCommand {
  const step = definition.steps[index]!;
  const now = Date.now();
  return {
    messageId: `${sagaId}:${step.name}:${kind}:1`,
    sagaId,
    step: step.name,
    participant: step.participant,
    command: kind === 'execute' ? step.command : step.compensation,
    kind,
    attempt: 1,
    payload: kind === 'execute' ? { input, outputs } : { input, output: outputs[step.name] ?? null },
    deadline: new Date(now + step.timeoutMs).toISOString(),
    sentAt: new Date(now).toISOString(),
  };
}

/** Publishes with `mandatory` and a confirm; resolves once the broker confirmed it and did not return it. */
function publish(command: WireCommand): Promise<void> {
  return new Promise((resolve, reject) => {
    publisher.publish(
      Wire.commandsExchange,
      `${command.participant}.${command.command}`,
      Buffer.from(JSON.stringify(command)),
      {
        persistent: true,
        mandatory: true,
        contentType: 'application/json',
        messageId: command.messageId,
        correlationId: command.sagaId,
        type: command.kind === 'execute' ? WireTypes.executeStep : WireTypes.compensateStep,
        headers: sagaHeaders(command),
      },
      (error: unknown) => {
        if (returned.delete(command.messageId)) reject(new Error(`unroutable: ${command.messageId}`));
        else if (error) reject(new Error(`not confirmed: ${command.messageId}`));
        else resolve();
      },
    );
  });
}

async function startSaga(definitionName: string, input: unknown): Promise<string> {
  const definition = definitions.get(definitionName);
  if (!definition) throw new Error(`unknown definition ${definitionName}`);
  const id = randomUUID();
  await pool.query({ ...InsertSagaStatement, values: [id, definitionName, definition.steps.length, JSON.stringify(input)] });
  await publish(commandFor(id, definition, 0, 'execute', input, {}));
  return id;
}

/** One reply: one UPDATE, then the next command (if any) confirmed, then the ack. */
async function handleReply(message: ConsumeMessage, channel: Channel): Promise<void> {
  let reply: WireReply;
  try {
    reply = JSON.parse(message.content.toString('utf8')) as WireReply;
  } catch {
    return channel.nack(message, false, false); // dead-lettered by the queue
  }
  if (message.properties.type === WireTypes.participantAnnounced) return channel.ack(message);
  const index = typeof reply?.step === 'string' ? stepIndex.get(reply.step) : undefined;
  const transition = index === undefined ? undefined : minimalTransition(reply, index);
  if (typeof reply?.sagaId !== 'string' || transition === undefined) return channel.nack(message, false, false);
  const moved = await pool.query<{ definition: string; status: string; input: unknown; outputs: Record<string, unknown> }>({
    ...AdvanceSagaStatement,
    values: [reply.sagaId, transition.status, transition.step, transition.nextStep, transition.nextStatus, transition.outputsPatch],
  });
  const row = moved.rows[0];
  // No row: a duplicate or stale reply (or an unknown saga): nothing to do.
  if (row && (row.status === 'RUNNING' || row.status === 'COMPENSATING')) {
    const definition = definitions.get(row.definition)!;
    await publish(
      commandFor(reply.sagaId, definition, transition.nextStep, row.status === 'RUNNING' ? 'execute' : 'compensate', row.input, row.outputs),
    );
  }
  channel.ack(message);
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
  await pool.query(MinimalSchemaSql);
  const socketOptions = { noDelay: true };
  const publishConnection = await amqp.connect(env('MINIMAL_RABBITMQ_URL'), socketOptions);
  const consumeConnection = await amqp.connect(env('MINIMAL_RABBITMQ_URL'), socketOptions);
  publisher = await publishConnection.createConfirmChannel();
  publisher.on('return', (message: Message) => returned.add(String(message.properties.messageId)));
  for (const exchange of WireExchanges) await publisher.assertExchange(exchange.name, exchange.type, { durable: true, autoDelete: false });
  await publisher.assertQueue(Wire.repliesQueue, { durable: true, arguments: { ...QuorumQueueArguments } });
  await publisher.bindQueue(Wire.repliesQueue, Wire.repliesExchange, Wire.replyRoutingKey);
  await publisher.bindQueue(Wire.repliesQueue, Wire.repliesExchange, Wire.announceRoutingKey);
  await publisher.assertQueue(Wire.deadLetterQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await publisher.bindQueue(Wire.deadLetterQueue, Wire.deadLetterExchange, '');
  const consumer = await consumeConnection.createChannel();
  await consumer.prefetch(Number(process.env.MINIMAL_PREFETCH ?? 50));
  await consumer.consume(Wire.repliesQueue, (message) => {
    if (!message) return;
    handleReply(message, consumer).catch((error: unknown) => {
      // The database or the broker failed: the reply goes back to the queue and comes again.
      process.stderr.write(`reply failed: ${String(error)}\n`);
      setTimeout(() => consumer.nack(message, false, true), 200);
    });
  });
  const server = createServer((request, response) => void serve(request, response));
  server.keepAliveTimeout = 60_000;
  server.listen(Number(env('MINIMAL_PORT')), '127.0.0.1', () => process.stdout.write('minimal coordinator ready\n'));
  process.once('SIGTERM', () => {
    server.close();
    void Promise.allSettled([consumeConnection.close(), publishConnection.close()])
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
  process.stderr.write(`minimal coordinator failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
