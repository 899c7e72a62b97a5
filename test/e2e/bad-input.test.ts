import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderInput } from '../support/order-fixtures.js';
import { startCoordinator, type ServiceProcess } from '../support/service-processes.js';
import { createTestInfrastructure, type TestInfrastructure } from '../support/test-infrastructure.js';

/**
 * RELIABILITY.md's bad-input table against the real service: each answer is the listed status
 * as application/problem+json without a stack trace, and nothing is written.
 */
describe('bad input against the running coordinator', () => {
  let infra: TestInfrastructure;
  let coordinator: ServiceProcess;
  let baseUrl: string;
  let db: pg.Pool;

  beforeAll(async () => {
    infra = await createTestInfrastructure('saga_bad_input');
    const started = await startCoordinator({ DATABASE_URL: infra.databaseUrl, RABBITMQ_URL: infra.rabbitmqUrl });
    coordinator = started.process;
    baseUrl = started.baseUrl;
    db = new pg.Pool({ connectionString: infra.databaseUrl, max: 1 });
  });

  afterAll(async () => {
    await coordinator?.stop();
    await db?.end();
    await infra?.dispose();
  });

  const counts = async () => {
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM saga)::int AS sagas, (SELECT count(*) FROM outbox_message)::int AS outbox,
              (SELECT count(*) FROM saga_event)::int AS events`,
    );
    return rows[0];
  };

  const send = (method: string, path: string, body?: string | Buffer, contentType = 'application/json') =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': contentType },
      body,
    });

  const valid = (input: unknown = orderInput()) => JSON.stringify({ definition: 'order', input });
  const nested = (depth: number) => '{"definition":"order","input":' + '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) + '}';

  const cases: Array<[string, () => Promise<Response>, number]> = [
    ['a body over the limit', () => send('POST', '/v1/sagas', valid({ ...orderInput(), pad: 'x'.repeat(2_000_000) })), 413],
    ['truncated JSON', () => send('POST', '/v1/sagas', valid().slice(0, 30)), 400],
    ['a wrong Content-Type', () => send('POST', '/v1/sagas', valid(), 'text/plain'), 415],
    ['JSON nested 10,000 levels', () => send('POST', '/v1/sagas', nested(10_000)), 400],
    ['an unknown definition', () => send('POST', '/v1/sagas', JSON.stringify({ definition: 'nope', input: {} })), 422],
    ['wrong types in the input', () => send('POST', '/v1/sagas', valid({ ...orderInput(), items: 'many' })), 422],
    ['an extra field in the body', () => send('POST', '/v1/sagas', JSON.stringify({ definition: 'order', input: orderInput(), extra: 1 })), 422],
    ['a __proto__ key', () => send('POST', '/v1/sagas', '{"definition":"order","input":{"__proto__":{"polluted":true}}}'), 400],
    [
      'a constructor.prototype key',
      () => send('POST', '/v1/sagas', '{"definition":"order","input":{"constructor":{"prototype":{"polluted":true}}}}'),
      400,
    ],
    ['a NUL character in a string', () => send('POST', '/v1/sagas', valid({ ...orderInput(), customerId: 'a\u0000b' })), 400],
    ['a lone surrogate', () => send('POST', '/v1/sagas', '{"definition":"order","input":{"customerId":"\\ud800"}}'), 400],
    ['a malformed saga id', () => send('GET', '/v1/sagas/not-a-uuid'), 400],
    ['an unknown saga id', () => send('GET', '/v1/sagas/0190f3c2-6a4e-7cc0-8f1e-2d3c4b5a6978'), 404],
    ['an unknown status filter', () => send('GET', "/v1/sagas?status=RUNNING'%20OR%201=1"), 400],
    ['a negative limit', () => send('GET', '/v1/sagas?limit=-1'), 400],
    ['an unknown route', () => send('GET', '/v1/nothing-here'), 404],
    ['an unknown definition by name', () => send('GET', '/v1/definitions/nope'), 404],
  ];

  it.each(cases)('answers %s with the listed status as problem+json and changes nothing', async (_, request, status) => {
    const before = await counts();
    const response = await request();
    const text = await response.text();
    expect(response.status, text).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = JSON.parse(text);
    expect(problem).toMatchObject({ status, title: expect.any(String) });
    expect(text).not.toMatch(/\bat .+\.(js|ts):\d+/);
    expect(await counts()).toEqual(before);
  });

  it('points at every invalid input field with a JSON pointer', async () => {
    const response = await send('POST', '/v1/sagas', valid({ orderId: 5, items: [], shippingAddress: { country: 'Germany' } }));
    const problem = (await response.json()) as { errors: Array<{ pointer: string }> };
    expect(response.status).toBe(422);
    const pointers = problem.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/input/orderId', '/input/customerId', '/input/items', '/input/shippingAddress/country']));
  });
});
