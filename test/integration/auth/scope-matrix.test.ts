import type { IncomingMessage } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../src/api/openapi/openapi-document.js';
import { AllApiKeyScopes, type ApiKeyScope } from '../../../src/orchestration/auth/api-key-scope.js';
import { parseApiKey } from '../../../src/orchestration/auth/api-key-token.util.js';
import { twoStepDefinition } from '../orchestration/support/two-step.definition.js';
import { createAuthTestApp, startBody, type AuthTestApp } from './auth-test-app.js';

/** One endpoint: the scope it needs, how to call it, and what it answers a caller with that scope. */
interface Endpoint {
  readonly operation: string;
  readonly scope: ApiKeyScope;
  readonly call: (agent: request.Agent, sagaId: string) => request.Test;
  /** The endpoint's own answer once the guard lets the call through (either, when a repeat answers differently). */
  readonly allowed: number | readonly number[];
}

/** A webhook (and bulk operation) id no subscription (or operation) has. */
const NO_WEBHOOK = '00000000-0000-4000-8000-000000000000';

const Endpoints: readonly Endpoint[] = [
  { operation: 'POST /v1/sagas', scope: 'sagas:start', call: (a) => a.post('/v1/sagas').send(startBody()), allowed: 202 },
  { operation: 'GET /v1/sagas', scope: 'sagas:read', call: (a) => a.get('/v1/sagas'), allowed: 200 },
  { operation: 'GET /v1/sagas/counts', scope: 'sagas:read', call: (a) => a.get('/v1/sagas/counts'), allowed: 200 },
  {
    operation: 'GET /v1/sagas/stream',
    scope: 'sagas:read',
    call: (a) =>
      a
        .get('/v1/sagas/stream')
        .buffer(true)
        .parse((res, done) => firstEventChunkOrWholeBody(res as unknown as IncomingMessage, done)),
    allowed: 200,
  },
  { operation: 'GET /v1/sagas/{id}', scope: 'sagas:read', call: (a, id) => a.get(`/v1/sagas/${id}`), allowed: 200 },
  { operation: 'GET /v1/sagas/{id}/events', scope: 'sagas:read', call: (a, id) => a.get(`/v1/sagas/${id}/events`), allowed: 200 },
  {
    operation: 'POST /v1/sagas/{id}/cancel',
    scope: 'sagas:operate',
    call: (a, id) => a.post(`/v1/sagas/${id}/cancel`).send({ reason: 'test' }),
    allowed: 202,
  },
  // A running saga is not waiting for a retry or a resolve: past the guard, the saga's own 409.
  { operation: 'POST /v1/sagas/{id}/retry', scope: 'sagas:operate', call: (a, id) => a.post(`/v1/sagas/${id}/retry`), allowed: 409 },
  {
    operation: 'POST /v1/sagas/{id}/steps/{step}/resolve',
    scope: 'sagas:operate',
    call: (a, id) => a.post(`/v1/sagas/${id}/steps/reserve/resolve`).send({ reason: 'undone by hand' }),
    allowed: 409,
  },
  // Nothing waits for a signal in a two-step saga: past the guard, the saga's own 409.
  {
    operation: 'POST /v1/sagas/{id}/signals/{signal}',
    scope: 'sagas:operate',
    call: (a, id) => a.post(`/v1/sagas/${id}/signals/approved`).send({}),
    allowed: 409,
  },
  { operation: 'GET /v1/definitions', scope: 'sagas:read', call: (a) => a.get('/v1/definitions'), allowed: 200 },
  { operation: 'GET /v1/definitions/schema', scope: 'sagas:read', call: (a) => a.get('/v1/definitions/schema'), allowed: 200 },
  {
    operation: 'POST /v1/definitions',
    scope: 'definitions:write',
    call: (a) => a.post('/v1/definitions').send({ ...twoStepDefinition, name: 'matrix-copy' }),
    // The first registration creates the version; the identical repeat returns it.
    allowed: [201, 200],
  },
  {
    operation: 'POST /v1/definitions/validate',
    scope: 'definitions:write',
    call: (a) => a.post('/v1/definitions/validate').send(twoStepDefinition),
    allowed: 200,
  },
  {
    operation: 'GET /v1/definitions/{name}/versions/{version}',
    scope: 'sagas:read',
    call: (a) => a.get('/v1/definitions/two-step/versions/1'),
    allowed: 200,
  },
  { operation: 'GET /v1/definitions/{name}/versions', scope: 'sagas:read', call: (a) => a.get('/v1/definitions/two-step/versions'), allowed: 200 },
  { operation: 'GET /v1/definitions/{name}', scope: 'sagas:read', call: (a) => a.get('/v1/definitions/two-step'), allowed: 200 },
  { operation: 'GET /v1/participants', scope: 'sagas:read', call: (a) => a.get('/v1/participants'), allowed: 200 },
  // `retired` is inserted before the matrix runs: the first call through removes it, the repeat finds nothing.
  { operation: 'DELETE /v1/participants/{name}', scope: 'sagas:operate', call: (a) => a.delete('/v1/participants/retired'), allowed: [204, 404] },
  { operation: 'GET /v1/audit', scope: 'sagas:operate', call: (a) => a.get('/v1/audit'), allowed: 200 },
  {
    operation: 'POST /v1/webhooks',
    scope: 'webhooks:manage',
    call: (a) => a.post('/v1/webhooks').send({ url: 'https://hooks.example.com/sagas', events: ['completed'] }),
    allowed: 201,
  },
  { operation: 'GET /v1/webhooks', scope: 'sagas:read', call: (a) => a.get('/v1/webhooks'), allowed: 200 },
  // No subscription has this id: past the guard, the endpoint's own 404.
  { operation: 'GET /v1/webhooks/{id}', scope: 'sagas:read', call: (a) => a.get(`/v1/webhooks/${NO_WEBHOOK}`), allowed: 404 },
  { operation: 'DELETE /v1/webhooks/{id}', scope: 'webhooks:manage', call: (a) => a.delete(`/v1/webhooks/${NO_WEBHOOK}`), allowed: 404 },
  { operation: 'POST /v1/webhooks/{id}/enable', scope: 'webhooks:manage', call: (a) => a.post(`/v1/webhooks/${NO_WEBHOOK}/enable`), allowed: 404 },
  {
    operation: 'GET /v1/webhooks/{id}/deliveries',
    scope: 'sagas:read',
    call: (a) => a.get(`/v1/webhooks/${NO_WEBHOOK}/deliveries`),
    allowed: 404,
  },
  // A dry run of a filter nothing matches: the count, nothing written.
  {
    operation: 'POST /v1/bulk-operations',
    scope: 'sagas:bulk-operate',
    call: (a) => a.post('/v1/bulk-operations').send({ action: 'retry', filter: { status: 'COMPENSATION_FAILED' }, dryRun: true }),
    allowed: 200,
  },
  { operation: 'GET /v1/bulk-operations', scope: 'sagas:read', call: (a) => a.get('/v1/bulk-operations'), allowed: 200 },
  // No bulk operation has this id: past the guard, the endpoint's own 404.
  { operation: 'GET /v1/bulk-operations/{id}', scope: 'sagas:read', call: (a) => a.get(`/v1/bulk-operations/${NO_WEBHOOK}`), allowed: 404 },
  {
    operation: 'GET /v1/bulk-operations/{id}/items',
    scope: 'sagas:read',
    call: (a) => a.get(`/v1/bulk-operations/${NO_WEBHOOK}/items`),
    allowed: 404,
  },
  {
    operation: 'POST /v1/bulk-operations/{id}/cancel',
    scope: 'sagas:bulk-operate',
    call: (a) => a.post(`/v1/bulk-operations/${NO_WEBHOOK}/cancel`),
    allowed: 404,
  },
];

/**
 * The event stream never ends by itself: its first chunk is enough to see it opened (then the
 * connection is dropped). Any other answer (a problem+json refusal) is read whole as JSON.
 */
function firstEventChunkOrWholeBody(response: IncomingMessage, callback: (error: Error | null, body: unknown) => void): void {
  const isStream = String(response.headers['content-type'] ?? '').startsWith('text/event-stream');
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    text += chunk;
    if (!isStream) return;
    response.destroy();
    callback(null, { firstChunk: text });
  });
  response.on('end', () => {
    if (isStream) return;
    try {
      callback(null, JSON.parse(text));
    } catch {
      callback(null, text);
    }
  });
}

describe('API scopes (real app, real PostgreSQL, auth on)', () => {
  let t: AuthTestApp;
  let agent: request.Agent;
  const keyWith = new Map<ApiKeyScope, string>();
  const keyWithout = new Map<ApiKeyScope, string>();

  /** A fresh running saga per call, so a cancel in one row does not change the next. */
  async function runningSaga(): Promise<string> {
    const response = await agent
      .post('/v1/sagas')
      .set('authorization', `Bearer ${keyWith.get('sagas:start')}`)
      .send(startBody())
      .expect(202);
    return (response.body as { id: string }).id;
  }

  beforeAll(async () => {
    t = await createAuthTestApp();
    agent = request.agent(t.app.getHttpServer());
    for (const scope of AllApiKeyScopes) {
      keyWith.set(scope, await t.key(scope));
      keyWithout.set(scope, await t.key(...AllApiKeyScopes.filter((other) => other !== scope)));
    }
    await t.sql.query(`INSERT INTO participant (name, commands, compensations, instances, last_seen_at) VALUES ('retired', '[]', '[]', '[]', now())`);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('covers every operation of the OpenAPI document', () => {
    const document = buildOpenApiDocument(t.app);
    const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(Endpoints.map((endpoint) => endpoint.operation).sort()).toEqual(operations.sort());
  });

  describe.each(Endpoints)('$operation', (endpoint) => {
    it('answers 401 problem+json with WWW-Authenticate without a key', async () => {
      const response = await endpoint.call(agent, await runningSaga());
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.body).toMatchObject({ type: 'urn:saga-coordinator:problem:unauthenticated', status: 401 });
    });

    it('answers 401 for a well-formed key that does not exist', async () => {
      const response = await endpoint.call(agent, await runningSaga()).set('authorization', `Bearer sk_000000000000_${'A'.repeat(43)}`);
      expect(response.status).toBe(401);
    });

    it(`answers 403 naming ${endpoint.scope} to a key with every other scope`, async () => {
      const response = await endpoint.call(agent, await runningSaga()).set('authorization', `Bearer ${keyWithout.get(endpoint.scope)}`);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ type: 'urn:saga-coordinator:problem:insufficient-scope', status: 403 });
      expect(response.body.detail).toContain(endpoint.scope);
    });

    it(`lets a key with only ${endpoint.scope} through (Bearer and X-API-Key alike)`, async () => {
      const bearer = await endpoint.call(agent, await runningSaga()).set('authorization', `Bearer ${keyWith.get(endpoint.scope)}`);
      const allowed = ([] as number[]).concat(endpoint.allowed);
      expect(allowed, JSON.stringify(bearer.body)).toContain(bearer.status);
      const header = await endpoint.call(agent, await runningSaga()).set('x-api-key', keyWith.get(endpoint.scope)!);
      expect(allowed, JSON.stringify(header.body)).toContain(header.status);
    });
  });

  it('refuses a revoked key from the next request on', async () => {
    const { key, token } = await t.keys.create('soon revoked', ['sagas:read']);
    await agent.get('/v1/sagas').set('authorization', `Bearer ${token}`).expect(200);
    await t.keys.revoke(key.id);
    await agent.get('/v1/sagas').set('authorization', `Bearer ${token}`).expect(401);
  });

  it('refuses a key whose secret was changed, and another authorization scheme', async () => {
    const token = keyWith.get('sagas:read')!;
    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    await agent.get('/v1/sagas').set('authorization', `Bearer ${tampered}`).expect(401);
    await agent
      .get('/v1/sagas')
      .set('authorization', `Basic ${Buffer.from('a:b').toString('base64')}`)
      .expect(401);
  });

  it('keeps health and the docs open', async () => {
    await agent.get('/docs-json').expect(200);
  });

  it('stores only the SHA-256 of the secret, never the key', async () => {
    const token = keyWith.get('sagas:read')!;
    const { rows } = await t.sql.query<{ dump: string }>(
      'SELECT string_agg(id || name || encode(secret_hash, $$hex$$) || scopes::text, $$|$$) AS dump FROM api_key',
    );
    expect(rows[0]!.dump).not.toContain(parseApiKey(token)!.secret);
  });
});
