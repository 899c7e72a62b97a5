import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExitCodes, exitCodeForStatus } from './exit-codes.js';
import { runCli, type CliIo } from './program.js';

const sagaId = '0b7c7f0e-4a51-4c3f-8f57-2f4f1d0c9a11';
const saga = (status: string) => ({
  id: sagaId,
  definition: 'order',
  version: 1,
  status,
  input: { orderId: 'o-1' },
  output: null,
  createdAt: '2026-12-07T08:00:00.000Z',
  updatedAt: '2026-12-07T08:00:01.000Z',
  parentSagaId: null,
  parentStep: null,
  steps: [],
});

interface Call {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

/** A fake coordinator (unit tests only): answers each request with `answer(call)`, records what was sent. */
function harness(answer: (call: Call) => { status: number; body: unknown; headers?: Record<string, string> }, env: Record<string, string> = {}) {
  const calls: Call[] = [];
  let stdout = '';
  let stderr = '';
  const fetch = (async (input: Request) => {
    const call = { method: input.method, url: input.url, headers: input.headers, body: input.body ? JSON.parse(await input.text()) : undefined };
    calls.push(call);
    const { status, body, headers } = answer(call);
    const type = status >= 400 ? 'application/problem+json' : 'application/json';
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': type, ...headers } });
  }) as typeof globalThis.fetch;
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: { isTTY: false, write: (text: string) => (stderr += text) },
    env,
    readFile: (path) => {
      if (path === 'input.json') return '{"orderId":"from-file"}';
      throw new Error(`ENOENT: ${path}`);
    },
    readStdin: async () => '{"orderId":"from-stdin"}',
    fetch,
  };
  return { io, calls, out: () => stdout, err: () => stderr };
}

describe('saga CLI', () => {
  it.each([
    ['COMPLETED', ExitCodes.Success],
    ['COMPENSATED', ExitCodes.Compensated],
    ['COMPENSATION_FAILED', ExitCodes.CompensationFailed],
  ] as const)('sagas wait exits by outcome: %s → %i', async (status, code) => {
    const { io, calls } = harness(() => ({ status: 200, body: saga(status), headers: { 'preference-applied': 'wait=30' } }));
    expect(await runCli(['sagas', 'wait', sagaId, '--json'], io)).toBe(code);
    expect(calls[0]?.headers.get('prefer')).toMatch(/^wait=\d+$/);
  });

  it('sagas wait exits 4 when the saga has not settled by --timeout, printing the last status seen', async () => {
    const { io, err, out } = harness(() => ({ status: 200, body: saga('RUNNING') }));
    expect(await runCli(['sagas', 'wait', sagaId, '--timeout', '1', '--json'], io)).toBe(ExitCodes.WaitTimedOut);
    expect(err()).toContain(`Saga ${sagaId} did not settle within 1000 ms (last status RUNNING)`);
    expect(JSON.parse(out())).toMatchObject({ id: sagaId, status: 'RUNNING' });
  });

  it('sagas start sends the definition, the input and the idempotency key; --wait exits by outcome', async () => {
    const { io, calls } = harness((call) =>
      call.method === 'POST' ? { status: 202, body: saga('RUNNING') } : { status: 200, body: saga('COMPENSATED') },
    );
    const code = await runCli(['sagas', 'start', 'order', '{"orderId":"o-1"}', '--idempotency-key', 'k-1', '--wait', '--json'], io);
    expect(code).toBe(ExitCodes.Compensated);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: 'http://localhost:3000/v1/sagas',
      body: { definition: 'order', input: { orderId: 'o-1' } },
    });
    expect(calls[0]?.headers.get('idempotency-key')).toBe('k-1');
    expect(calls[1]).toMatchObject({ method: 'GET', url: `http://localhost:3000/v1/sagas/${sagaId}` });
  });

  it.each([
    [['@input.json'], { orderId: 'from-file' }],
    [['-'], { orderId: 'from-stdin' }],
  ])('reads the input from %j', async (argument, input) => {
    const { io, calls } = harness(() => ({ status: 202, body: saga('RUNNING') }));
    expect(await runCli(['sagas', 'start', 'order', ...argument], io)).toBe(ExitCodes.Success);
    expect(calls[0]?.body).toEqual({ definition: 'order', input });
  });

  it.each([['not json'], ['[1,2]'], ['42'], ['@missing.json']])('refuses input %j before any request, exit 1', async (argument) => {
    const { io, calls, err } = harness(() => ({ status: 202, body: saga('RUNNING') }));
    expect(await runCli(['sagas', 'start', 'order', argument], io)).toBe(ExitCodes.Error);
    expect(calls).toEqual([]);
    expect(err()).toMatch(/^saga: (the saga input is not JSON|the saga input must be a JSON object|cannot read the saga input)/);
  });

  it('takes the URL and key from --url/--api-key over SAGA_URL/SAGA_API_KEY', async () => {
    const env = { SAGA_URL: 'http://env.example:9000/', SAGA_API_KEY: 'env-key' };
    const fromEnv = harness(() => ({ status: 200, body: [] }), env);
    await runCli(['participants'], fromEnv.io);
    expect(fromEnv.calls[0]?.url).toBe('http://env.example:9000/v1/participants');
    expect(fromEnv.calls[0]?.headers.get('authorization')).toBe('Bearer env-key');
    const fromFlags = harness(() => ({ status: 200, body: [] }), env);
    await runCli(['participants', '--url', 'http://flag.example:8000', '--api-key', 'flag-key'], fromFlags.io);
    expect(fromFlags.calls[0]?.url).toBe('http://flag.example:8000/v1/participants');
    expect(fromFlags.calls[0]?.headers.get('authorization')).toBe('Bearer flag-key');
  });

  it('prints a problem answer with its type and pointers on stderr, as JSON with --json, and exits 1', async () => {
    const problem = {
      type: 'urn:saga-coordinator:problem:invalid-saga-input',
      title: 'Invalid saga input',
      status: 422,
      detail: 'The input does not match the schema of order v1.',
      instance: '/v1/sagas',
      errors: [{ pointer: '/input/orderId', message: 'must be string' }],
    };
    const { io, err, out } = harness(() => ({ status: 422, body: problem }));
    expect(await runCli(['sagas', 'start', 'order', '{"orderId":1}', '--json'], io)).toBe(ExitCodes.Error);
    expect(err()).toContain('saga: Invalid saga input (422, urn:saga-coordinator:problem:invalid-saga-input)');
    expect(err()).toContain('/input/orderId: must be string');
    expect(JSON.parse(out())).toMatchObject({ type: problem.type, status: 422 });
  });

  it('lists sagas as a table for people, with the query it was given', async () => {
    const { io, calls, out } = harness(() => ({ status: 200, body: { items: [saga('COMPLETED')], nextCursor: 'c-2' } }));
    expect(await runCli(['sagas', 'list', '--status', 'COMPLETED', '--limit', '5'], io)).toBe(ExitCodes.Success);
    expect(new URL(calls[0]!.url).search).toBe('?status=COMPLETED&limit=5');
    const lines = out().split('\n');
    expect(lines[0]).toMatch(/^ID\s+DEFINITION\s+STATUS\s+CREATED\s+UPDATED$/);
    expect(lines[1]).toMatch(new RegExp(`^${sagaId}\\s+order v1\\s+COMPLETED\\s`));
    expect(out()).toContain('More: saga sagas list --cursor c-2');
  });

  it.each([
    [['sagas', 'bogus']],
    [['sagas', 'wait']],
    [['sagas', 'wait', sagaId, '--timeout', '0']],
    [['sagas', 'list', '--limit', 'ten']],
    [['sagas', 'resolve', sagaId, 'charge-card']],
  ])('exits 1 on bad usage %j without a request', async (argv) => {
    const { io, calls, err } = harness(() => ({ status: 200, body: saga('COMPLETED') }));
    expect(await runCli(argv, io)).toBe(ExitCodes.Error);
    expect(calls).toEqual([]);
    expect(err()).toMatch(/error:/);
  });

  it('exits 0 for --help', async () => {
    const { io, out } = harness(() => ({ status: 200, body: {} }));
    expect(await runCli(['--help'], io)).toBe(ExitCodes.Success);
    expect(out()).toContain('Exit codes: 0 done');
  });

  it('gives every unsettled status the timed-out code, and each settled status its own', () => {
    fc.assert(
      fc.property(fc.constantFrom('RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED' as const), (status) => {
        const code = exitCodeForStatus(status);
        if (status === 'RUNNING' || status === 'COMPENSATING') expect(code).toBe(ExitCodes.WaitTimedOut);
        else expect(code).not.toBe(ExitCodes.WaitTimedOut);
      }),
    );
    expect(new Set(['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'].map((s) => exitCodeForStatus(s as 'COMPLETED'))).size).toBe(3);
  });
});
