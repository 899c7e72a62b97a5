import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSagaClient, SagaApiProblem, type SagaClient } from '@saga-coordinator/client';
import { orderInput, Refusals } from '../support/order-fixtures.js';
import { startOrderSystem, type OrderSystem } from '../support/order-system.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const clientPackage = join(repoRoot, 'packages/client');
/** The CLI as the package ships it: its `bin`, built by `npm run build`. */
const sagaBin = join(
  clientPackage,
  (JSON.parse(readFileSync(join(clientPackage, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['saga']!,
);

type OrderInput = ReturnType<typeof orderInput>;

/** Runs `saga …` as a process against the test's coordinator; answers its exit code and output. */
async function saga(args: readonly string[], url: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [sagaBin, ...args], { env: { ...process.env, SAGA_URL: url }, timeout: 90_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

async function problemOf(promise: Promise<unknown>): Promise<SagaApiProblem> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SagaApiProblem);
  return error as SagaApiProblem;
}

/**
 * @saga-coordinator/client and its `saga` CLI against the whole system: the coordinator and the
 * three example participants as processes on a real PostgreSQL and RabbitMQ.
 */
describe('the typed client and the saga CLI against a running coordinator', () => {
  let system: OrderSystem;
  let url: string;
  let client: SagaClient<{ order: OrderInput }>;

  beforeAll(async () => {
    system = await startOrderSystem('saga_client');
    url = system.client.baseUrl;
    client = createSagaClient<{ order: OrderInput }>({ url });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('starts an order once per idempotency key and waits for its result: COMPLETED, step log and all', async () => {
    const input = orderInput();
    const first = await client.start('order', input, { idempotencyKey: input.orderId });
    const again = await client.start('order', input, { idempotencyKey: input.orderId });
    expect([first.replayed, again.replayed]).toEqual([false, true]);
    expect(again.saga.id).toBe(first.saga.id);
    const result = await client.waitForResult(first.saga.id, { timeoutMs: 60_000 });
    expect(result.status).toBe('COMPLETED');
    expect(result.steps.map((step) => [step.name, step.status])).toEqual([
      ['reserve-inventory', 'SUCCEEDED'],
      ['charge-payment', 'SUCCEEDED'],
      ['create-shipment', 'SUCCEEDED'],
    ]);
    expect((await client.events(result.id)).map((event) => event.type).at(-1)).toBe('SagaCompleted');
    expect((await client.get(result.id)).status).toBe('COMPLETED');
  });

  it('runs an order that shipping refuses to COMPENSATED', async () => {
    const result = await client.run('order', Refusals.shipping(), { timeoutMs: 60_000 });
    expect(result.status).toBe('COMPENSATED');
  });

  it('throws each error answer as a SagaApiProblem with its documented type, status and detail', async () => {
    // A client not told about the definitions takes any name and any JSON object.
    const unknown = await problemOf(createSagaClient({ url }).start('no-such-saga', {}));
    expect(unknown).toMatchObject({ type: 'urn:saga-coordinator:problem:unknown-definition', status: 422 });

    const invalid = await problemOf(client.start('order', { ...orderInput(), items: [] }));
    expect(invalid).toMatchObject({ type: 'urn:saga-coordinator:problem:invalid-saga-input', status: 422 });
    expect(invalid.errors.map((error) => error.pointer)).toContain('/input/items');

    const missing = await problemOf(client.get(randomUUID()));
    expect(missing).toMatchObject({ type: 'urn:saga-coordinator:problem:saga-not-found', status: 404 });
    expect(missing.detail).toMatch(/saga/i);

    const done = await client.run('order', orderInput(), { timeoutMs: 60_000 });
    expect(await problemOf(client.cancel(done.id, 'too late'))).toMatchObject({
      type: 'urn:saga-coordinator:problem:saga-not-cancellable',
      status: 409,
    });
    expect(await problemOf(client.retry(done.id))).toMatchObject({ type: 'urn:saga-coordinator:problem:saga-not-retriable', status: 409 });
    expect(await problemOf(client.resolve(done.id, 'charge-payment', 'nothing to resolve'))).toMatchObject({
      type: 'urn:saga-coordinator:problem:step-not-resolvable',
    });
    expect(await problemOf(client.signal(done.id, 'approved', { by: 'ann' }))).toMatchObject({
      type: 'urn:saga-coordinator:problem:signal-not-awaited',
      status: 409,
    });
  });

  it('pages through the sagas with the cursor', async () => {
    const first = await client.list({ definition: 'order', limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await client.list({ definition: 'order', limit: 1, cursor: first.nextCursor! });
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
    const all: string[] = [];
    for await (const summary of client.listAll({ definition: 'order', limit: 2 })) all.push(summary.id);
    expect(new Set(all).size).toBe(all.length);
    // The three order sagas the tests above started (the invalid input started none).
    expect(all.length).toBeGreaterThanOrEqual(3);
  });

  it('lists, shows, validates and registers definitions, and lists the participants', async () => {
    expect((await client.definitions.list()).map((definition) => definition.name)).toContain('order');
    expect((await client.definitions.show('order')).steps).toHaveLength(3);
    expect((await client.definitions.show('order', 1)).version).toBe(1);
    const body = {
      name: 'client-e2e',
      steps: [{ name: 'reserve', participant: 'inventory', command: 'reserve-inventory', compensation: 'release-inventory' }],
    };
    expect(await client.definitions.validate(body)).toEqual({ valid: true, errors: [] });
    const broken = await client.definitions.validate({ name: 'client-e2e', steps: [{ name: 'reserve', participant: 'inventory', command: 'x' }] });
    expect(broken.valid).toBe(false);
    expect((await client.definitions.register(body)).created).toBe(true);
    expect((await client.definitions.register(body)).created).toBe(false);
    expect((await client.participants()).map((participant) => participant.name).sort()).toEqual(['inventory', 'payment', 'shipping']);
  });

  it('the CLI starts an order and exits 0 when it completes, 2 when it is compensated; --json prints the saga', async () => {
    const completed = await saga(['--json', 'sagas', 'start', 'order', JSON.stringify(orderInput()), '--wait', '--timeout', '60'], url);
    expect(completed.code, completed.stderr).toBe(0);
    expect(JSON.parse(completed.stdout)).toMatchObject({ definition: 'order', status: 'COMPLETED' });
    const compensated = await saga(['sagas', 'start', 'order', JSON.stringify(Refusals.payment()), '--wait'], url);
    expect(compensated.code, compensated.stderr).toBe(2);
    expect(compensated.stdout).toMatch(/^Status\s+COMPENSATED$/m);
    expect(compensated.stdout).toMatch(/^charge-payment\s+step\s+FAILED\s+1\s+/m);
  });

  it('the CLI waits for a saga, shows its events and the sagas as tables, and exits 1 with the problem type for an unknown saga', async () => {
    const { saga: started } = await client.start('order', orderInput());
    const waited = await saga(['sagas', 'wait', started.id, '--timeout', '60'], url);
    expect(waited.code, waited.stderr).toBe(0);
    const events = await saga(['sagas', 'events', started.id], url);
    expect(events.stdout.split('\n')[0]).toMatch(/^SEQ\s+AT\s+TYPE\s+STEP\s+ATTEMPT$/);
    expect(events.stdout).toMatch(/^8\s+\S+\s+SagaCompleted\s+-/m);
    const listed = await saga(['sagas', 'list', '--status', 'COMPLETED', '--limit', '100'], url);
    expect(listed.stdout).toContain(started.id);
    const participants = await saga(['--json', 'participants'], url);
    expect((JSON.parse(participants.stdout) as Array<{ name: string }>).map((p) => p.name).sort()).toEqual(['inventory', 'payment', 'shipping']);
    const unknown = await saga(['sagas', 'show', randomUUID()], url);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('(404, urn:saga-coordinator:problem:saga-not-found)');
  });

  it('the TypeScript sample of docs/client.md runs as written and prints the result of its order', async () => {
    const guide = readFileSync(join(repoRoot, 'docs/client.md'), 'utf8');
    const sample = /^```ts\n([\s\S]*?)^```$/m.exec(guide)![1]!;
    const workspace = mkdtempSync(join(tmpdir(), 'client-sample-'));
    try {
      writeFileSync(join(workspace, 'package.json'), JSON.stringify({ type: 'module' }));
      symlinkSync(join(repoRoot, 'node_modules'), join(workspace, 'node_modules'), 'dir');
      const { outputText } = ts.transpileModule(sample, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
      writeFileSync(join(workspace, 'sample.mjs'), outputText);
      const { stdout } = await promisify(execFile)(process.execPath, ['sample.mjs'], {
        cwd: workspace,
        env: { ...process.env, SAGA_URL: url },
        timeout: 60_000,
      });
      const [headline, ...events] = stdout
        .trim()
        .split('\n')
        .map((line) => line.trimEnd());
      expect(headline).toMatch(/^saga [0-9a-f-]{36}: COMPLETED$/);
      expect(events[0]).toBe('1 SagaStarted');
      expect(events.at(-1)).toBe('8 SagaCompleted');
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
