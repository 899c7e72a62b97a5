import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestApp, startBody, type AuthTestApp } from '../auth/auth-test-app.js';
import { expectProblem } from './problem-assertions.js';

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** `YYYY-MM-DDTHH:MM:SS` with every field anywhere in its width: impossible dates and times included. */
const dateTimeText = fc
  .tuple(
    fc.oneof(fc.constantFrom(0, 1, 9999), fc.integer({ min: 0, max: 9999 })),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
  )
  .map(([y, mo, d, h, mi, s]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}`);

/** Cursors as a forger would write them: any text, any text in base64url, and well-shaped ones with bad parts. */
const forgedCursor = fc.oneof(
  fc.string({ minLength: 1, maxLength: 80 }),
  fc.string({ minLength: 1, maxLength: 60 }).map(base64url),
  fc.bigInt({ min: 0n, max: 10n ** 19n - 1n }).map((seq) => base64url(`a:${seq}`)),
  fc.tuple(dateTimeText, fc.uuid()).map(([at, id]) => base64url(JSON.stringify([`${at}.000000Z`, id]))),
  fc.tuple(fc.jsonValue(), fc.jsonValue()).map((pair) => base64url(JSON.stringify(pair))),
);

/** Instants in the shape the query accepts, with any offset: year 0000 included. */
const queryInstant = fc.tuple(dateTimeText, fc.constantFrom('Z', '+14:00', '-12:00', '+00:30')).map(([at, offset]) => `${at}${offset}`);

describe('malformed cursors and dates are 400 problems, never 500 (real PostgreSQL)', () => {
  let t: AuthTestApp;
  let agent: request.Agent;
  let operator: string;

  beforeAll(async () => {
    t = await createAuthTestApp({ RATE_LIMIT_PER_KEY: '1000000' });
    agent = request.agent(t.app.getHttpServer());
    operator = await t.key('sagas:start', 'sagas:read', 'sagas:operate');
    await agent.post('/v1/sagas').set('authorization', `Bearer ${operator}`).send(startBody()).expect(202);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const list = (path: string, query: Record<string, string>) => agent.get(path).query(query).set('authorization', `Bearer ${operator}`);

  it('refuses a saga-list cursor dated 2026-02-30 with 400 invalid-cursor', async () => {
    const cursor = base64url(JSON.stringify(['2026-02-30T10:00:00.000000Z', '0b8f8c6e-3a5e-4f7e-9d59-6a0c3f0d2a11']));
    const response = await list('/v1/sagas', { cursor });
    expectProblem(response, 400, 'invalid-cursor');
    expect(response.body.detail).toBe('The cursor is malformed; pass back the nextCursor of a previous page unchanged.');
  });

  it('refuses an audit cursor past the largest sequence with 400 invalid-cursor', async () => {
    expectProblem(await list('/v1/audit', { cursor: base64url('a:9999999999999999999') }), 400, 'invalid-cursor');
  });

  it('refuses createdFrom=0000-01-01T00:00:00Z (there is no year 0) with a 400 that names the parameter', async () => {
    for (const parameter of ['createdFrom', 'createdTo']) {
      const response = await list('/v1/sagas', { [parameter]: '0000-01-01T00:00:00Z' });
      expectProblem(response, 400, 'invalid-query-parameter');
      expect(response.body.errors).toEqual([{ pointer: `/${parameter}`, message: 'There is no year 0000: give an instant from year 0001 to 9999.' }]);
    }
  });

  it('answers any cursor string with 200 or a 400 problem on both listings, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(forgedCursor, fc.constantFrom('/v1/sagas', '/v1/audit'), async (cursor, path) => {
        const response = await list(path, { cursor });
        if (response.status === 200) return;
        // A cursor longer than the parameter allows is refused by the query schema, the rest by the cursor decoder.
        const longest = path === '/v1/audit' ? 64 : 512;
        expectProblem(response, 400, cursor.length > longest ? 'invalid-query-parameter' : 'invalid-cursor');
      }),
      { numRuns: 300 },
    );
  });

  it('answers any createdFrom / createdTo in ISO shape with 200 or a 400 problem, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(queryInstant, fc.constantFrom('createdFrom', 'createdTo'), async (instant, parameter) => {
        const response = await list('/v1/sagas', { [parameter]: instant });
        if (response.status !== 200) expectProblem(response, 400, 'invalid-query-parameter');
      }),
      { numRuns: 300 },
    );
  });
});
