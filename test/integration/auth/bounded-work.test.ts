import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DefinitionCatalogService } from '../../../src/orchestration/definitions/definition-catalog.service.js';
import { createAuthTestApp, type AuthTestApp } from './auth-test-app.js';

const step = (name: string, input?: Record<string, unknown>) => ({
  name,
  participant: 'p',
  command: name,
  compensation: `undo-${name}`,
  timeoutMs: 60_000,
  ...(input === undefined ? {} : { input }),
});
const blobs = (count: number) => Array.from({ length: count }, () => ({ var: 'input.blob' }));

/**
 * Bounded work per request (issue 13, items 4–6) through the real API, application services and
 * PostgreSQL with auth on: every refusal is a 422/429 problem and writes nothing.
 */
describe('bounded work per request (real app, real PostgreSQL)', () => {
  let t: AuthTestApp;
  let agent: request.Agent;
  let writer: string;
  let starter: string;

  const sagaCount = async () => (await t.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM saga')).rows[0]!.n;
  const outboxBytes = async () =>
    (await t.sql.query<{ n: number }>('SELECT coalesce(max(octet_length(payload::text)), 0)::int AS n FROM outbox_message')).rows[0]!.n;
  const register = (body: object) => agent.post('/v1/definitions').set('authorization', `Bearer ${writer}`).send(body);
  const start = (body: object, key = starter) => agent.post('/v1/sagas').set('authorization', `Bearer ${key}`).send(body);

  beforeAll(async () => {
    t = await createAuthTestApp({ MAX_IN_FLIGHT_SAGAS_PER_KEY: '3', RATE_LIMIT_PER_KEY: '1000' });
    agent = request.agent(t.app.getHttpServer());
    writer = await t.key('definitions:write');
    starter = await t.key('sagas:start', 'sagas:read');
  });
  afterAll(async () => {
    await t?.dispose();
  });

  describe('item 4: a mapping result is capped at the message limit participants apply', () => {
    it('refuses a start whose first command would be a `cat` of 99 copies of a 100 KB input: 422 with /input, nothing written, quickly', async () => {
      await register({
        name: 'cat-bomb',
        inputSchema: { type: 'object', properties: { blob: { type: 'string' } } },
        steps: [step('explode', { a: { cat: blobs(99) }, b: { cat: blobs(99) }, c: { cat: blobs(99) } })],
      }).expect(201);
      const before = await sagaCount();
      const started = performance.now();
      const response = await start({ definition: 'cat-bomb', input: { blob: 'x'.repeat(100 * 1024) } });
      const elapsed = performance.now() - started;
      expect(response.status).toBe(422);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({
        type: 'urn:saga-coordinator:problem:invalid-saga-input',
        detail: expect.stringContaining('larger than a command may be (1044480 bytes); nothing was started'),
        errors: [
          {
            pointer: '/input',
            message: expect.stringMatching(
              /^The input mapping of step "explode" failed: The mapping field "a": "cat" would build 10137600 characters, more than the 1044480-byte limit/,
            ),
          },
        ],
      });
      expect(await sagaCount()).toBe(before);
      expect(await outboxBytes()).toBeLessThan(1024 * 1024);
      expect(elapsed).toBeLessThan(2000);
    });

    it('still starts a saga whose mapping stays within the limit', async () => {
      await register({
        name: 'cat-fits',
        inputSchema: { type: 'object', properties: { blob: { type: 'string' } } },
        steps: [step('fits', { a: { cat: blobs(3) } })],
      }).expect(201);
      await start({ definition: 'cat-fits', input: { blob: 'x'.repeat(100 * 1024) } }).expect(202);
    });
  });

  describe('item 5: input-schema patterns run on RE2', () => {
    it('answers a start against `^(a+)+$` with 27 characters and a refusal in milliseconds, not seconds', async () => {
      await register({
        name: 'redos',
        inputSchema: { type: 'object', properties: { name: { type: 'string', pattern: '^(a+)+$' } } },
        steps: [step('greet')],
      }).expect(201);
      const started = performance.now();
      const response = await start({ definition: 'redos', input: { name: `${'a'.repeat(27)}!` } }).expect(422);
      expect(performance.now() - started).toBeLessThan(500);
      expect(response.body.errors).toEqual([{ pointer: '/input/name', message: 'must match pattern "^(a+)+$"' }]);
    });

    it('refuses at registration a pattern RE2 cannot run (a backreference) with 422 and the pointer of the pattern', async () => {
      const response = await register({
        name: 'backref',
        inputSchema: { type: 'object', properties: { name: { type: 'string', pattern: '^(a)\\1$' } } },
        steps: [step('greet')],
      }).expect(422);
      expect(response.body.errors).toEqual([
        { pointer: '/inputSchema/properties/name/pattern', message: expect.stringContaining('cannot be matched in linear time (RE2: ') },
      ]);
      const { rows } = await t.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM saga_definition WHERE name = 'backref'`);
      expect(rows[0]!.n).toBe(0);
    });
  });

  describe('item 6: every saga a principal causes counts toward its in-flight cap', () => {
    it('counts the child sagas one start creates: a key capped at 3 that started top → mid → leaf cannot start another', async () => {
      await register({ name: 'cap-leaf', steps: [step('leaf-work')] }).expect(201);
      await register({ name: 'cap-mid', steps: [{ type: 'child', name: 'run-leaf', definition: { name: 'cap-leaf' } }] }).expect(201);
      await register({ name: 'cap-top', steps: [{ type: 'child', name: 'run-mid', definition: { name: 'cap-mid' } }] }).expect(201);
      const key = await t.key('sagas:start', 'sagas:read');
      const top = await start({ definition: 'cap-top', input: {} }, key).expect(202);
      const { rows } = await t.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM saga WHERE started_by = $1 AND status = 'RUNNING'`, [
        key.split('_')[1],
      ]);
      expect(rows[0]!.n).toBe(3);
      const refused = await start({ definition: 'cap-leaf', input: {} }, key).expect(429);
      expect(refused.body.detail).toMatch(/has 3 sagas in flight/);
      expect(top.body.id).toBeDefined();
    });
  });

  describe('limits on definitions hold at registration and at start', () => {
    it('refuses at registration a definition larger than the definition size limit (also when it does not come over HTTP, e.g. a file), with the problem at the root', async () => {
      const huge = {
        name: 'huge',
        inputSchema: {
          type: 'object',
          description: 'x'.repeat(200 * 1024),
          properties: { note: { type: 'string', description: 'y'.repeat(60 * 1024) } },
        },
        steps: [step('greet')],
      };
      await expect(t.app.get(DefinitionCatalogService).registerJson(huge)).rejects.toMatchObject({
        problems: [{ pointer: '', message: 'A definition is at most 262144 bytes as JSON.' }],
      });
    });

    it('refuses a start of a stored version that breaks a limit added since (a backreference pattern): 422 with the pointer, nothing written', async () => {
      await register({ name: 'legacy', inputSchema: { type: 'object', properties: { name: { type: 'string' } } }, steps: [step('greet')] }).expect(
        201,
      );
      // As if stored by a coordinator without the RE2 rule: the row is written directly.
      await t.sql.query(
        `INSERT INTO saga_definition (name, version, definition, content_hash)
         SELECT name, 2, jsonb_set(jsonb_set(definition, '{version}', '2'), '{inputSchema,properties,name,pattern}', $1::jsonb), 'legacy-2'
           FROM saga_definition WHERE name = 'legacy' AND version = 1`,
        [JSON.stringify('^(a)\\1$')],
      );
      const before = await sagaCount();
      const response = await start({ definition: 'legacy', input: { name: 'aa' } }).expect(422);
      expect(response.body).toMatchObject({
        type: 'urn:saga-coordinator:problem:invalid-definition',
        errors: [{ pointer: '/inputSchema/properties/name/pattern', message: expect.stringContaining('cannot be matched in linear time') }],
      });
      expect(await sagaCount()).toBe(before);
    });
  });
});
