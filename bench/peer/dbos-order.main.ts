import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { DBOS } from '@dbos-inc/dbos-sdk';

/**
 * The peer: the bench saga on DBOS Transact. Each step and each compensation is a DBOS step
 * (checkpointed in the system database); a refusal undoes the succeeded steps in reverse.
 * `POST /v1/sagas {definition: "bench-<n>", input}` answers when the workflow has finished.
 * Env: DBOS_DATABASE_URL, DBOS_PORT, DBOS_POOL_SIZE.
 */
interface StepOutcome {
  readonly ok: boolean;
  readonly output?: unknown;
}

async function benchSaga(steps: number, failAt: number | undefined): Promise<string> {
  const done: number[] = [];
  for (let i = 1; i <= steps; i++) {
    const outcome = await DBOS.runStep(async (): Promise<StepOutcome> => (failAt === i ? { ok: false } : { ok: true, output: { i } }), {
      name: `do-${i}`,
    });
    if (!outcome.ok) {
      for (const step of done.reverse()) await DBOS.runStep(async () => ({ compensated: step }), { name: `undo-${step}` });
      return 'COMPENSATED';
    }
    done.push(i);
  }
  return 'COMPLETED';
}

const workflow = DBOS.registerWorkflow(benchSaga, { name: 'benchSaga' });

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const body = JSON.parse(await readBody(request)) as { definition: string; input: { failAt?: number } };
    const status = await workflow(Number(body.definition.replace('bench-', '')), body.input.failAt);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status }));
  } catch (error) {
    response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: String(error) }));
  }
}

async function main(): Promise<void> {
  DBOS.setConfig({
    name: 'bench-peer',
    systemDatabaseUrl: required('DBOS_DATABASE_URL'),
    systemDatabasePoolSize: Number(process.env.DBOS_POOL_SIZE ?? 10),
    logLevel: 'warn',
  });
  await DBOS.launch();
  const server = createServer((request, response) => void serve(request, response));
  server.keepAliveTimeout = 60_000;
  server.listen(Number(required('DBOS_PORT')), '127.0.0.1', () => process.stdout.write('dbos peer ready\n'));
  process.once('SIGTERM', () => {
    server.close();
    void DBOS.shutdown().finally(() => process.exit(0));
  });
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`dbos peer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
