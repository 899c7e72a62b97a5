import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DefinitionResponseSchema } from '../../../src/api/definitions/definition.schemas.js';
import { SagaResponseSchema } from '../../../src/api/sagas/saga.schemas.js';
import { createApiTestApp, type ApiTestApp } from './api-test-app.js';
import { IN_PROGRESS_KEY, ORDER_DEFINITION, UNAVAILABLE_DEFINITION } from './in-memory-services.js';
import { expectProblem, pointersOf } from './problem-assertions.js';

const validBody = { definition: 'order', input: { orderId: 'o-1' } };

describe('REST API bad-input battery (ApiModule + setupHttp over in-memory services)', () => {
  let t: ApiTestApp;
  let startCallsBefore: number;
  const http = () => request(t.app.getHttpServer());
  const postJson = (text: string) => http().post('/v1/sagas').set('content-type', 'application/json').send(text);

  beforeAll(async () => {
    t = await createApiTestApp();
  });
  afterAll(async () => {
    await t.app.close();
  });
  beforeEach(() => {
    startCallsBefore = t.sagas.startCalls;
  });
  /** A POST with exactly the given headers (supertest always adds a Content-Type to a body). */
  const rawPost = async (path: string, body: string, headers: Record<string, string>) => {
    const server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new Promise<{ status: number; headers: IncomingHttpHeaders }>((resolve, reject) => {
      const call = httpRequest(
        { host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
        (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
        },
      );
      call.on('error', reject);
      call.end(body);
    });
  };
  const expectServiceNotCalled = () => expect(t.sagas.startCalls).toBe(startCallsBefore);

  describe('POST /v1/sagas', () => {
    it('starts a saga: 202, Location, the saga as documented', async () => {
      const response = await http().post('/v1/sagas').send(validBody);
      expect(response.status).toBe(202);
      const saga = SagaResponseSchema.parse(response.body);
      expect(response.headers.location).toBe(`/v1/sagas/${saga.id}`);
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it('answers the same key with the same body with the original saga (200), another body with 422', async () => {
      const first = await http().post('/v1/sagas').set('idempotency-key', 'key-1').send(validBody);
      const again = await http().post('/v1/sagas').set('idempotency-key', 'key-1').send(validBody);
      expect([first.status, again.status]).toEqual([202, 200]);
      expect(again.body.id).toBe(first.body.id);
      expect(again.headers.location).toBe(first.headers.location);
      const other = await http()
        .post('/v1/sagas')
        .set('idempotency-key', 'key-1')
        .send({ ...validBody, input: { orderId: 'o-2' } });
      expectProblem(other, 422, 'idempotency-key-reused');
    });

    it('answers 409 while the first request with the key is still creating its saga', async () => {
      expectProblem(await http().post('/v1/sagas').set('idempotency-key', IN_PROGRESS_KEY).send(validBody), 409, 'idempotency-key-in-progress');
    });

    it.each(['', 'has space', 'x'.repeat(201), 'ünïcode'])('refuses the Idempotency-Key %j with 400', async (key) => {
      const response = await http().post('/v1/sagas').set('idempotency-key', key).send(validBody);
      expectProblem(response, 400, 'invalid-header');
      expectServiceNotCalled();
    });

    it('answers 413 to a body over the limit', async () => {
      const response = await http()
        .post('/v1/sagas')
        .send({ ...validBody, input: { orderId: 'o', pad: 'x'.repeat(300 * 1024) } });
      expectProblem(response, 413, 'payload-too-large');
      expectServiceNotCalled();
    });

    it.each([
      ['invalid', '{"definition": order}'],
      ['truncated', '{"definition": "order", "input": {"orderId": "o'],
      ['empty', ''],
      ['a scalar (strict mode)', '"order"'],
    ])('answers 400 to %s JSON', async (_kind, text) => {
      const response = await postJson(text);
      if (text === '') {
        // An empty JSON body parses to nothing: the body schema answers it.
        expectProblem(response, 422, 'invalid-request-body');
      } else {
        expectProblem(response, 400, 'malformed-json');
      }
      expectServiceNotCalled();
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
      'answers 415 to Content-Type %s',
      async (contentType) => {
        expectProblem(await http().post('/v1/sagas').set('content-type', contentType).send('definition=order'), 415, 'unsupported-media-type');
        expectServiceNotCalled();
      },
    );

    it('answers 415 to a body without Content-Type', async () => {
      const response = await rawPost('/v1/sagas', JSON.stringify(validBody), {});
      expect(response.status).toBe(415);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expectServiceNotCalled();
    });

    it('answers 400 quickly to JSON nested 10,000 levels', async () => {
      const started = performance.now();
      const response = await postJson(`{"definition":"order","input":{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`);
      expectProblem(response, 400, 'json-too-deep');
      expect(performance.now() - started).toBeLessThan(500);
      expectServiceNotCalled();
    });

    it('answers 422 to an unknown definition', async () => {
      expectProblem(await http().post('/v1/sagas').send({ definition: 'no-such-saga', input: {} }), 422, 'unknown-definition');
    });

    it('answers 422 with a pointer per field to wrong types, missing and extra fields', async () => {
      const response = await http().post('/v1/sagas').send({ definition: 5, version: 'two', extra: true, another: 1 });
      expectProblem(response, 422, 'invalid-request-body');
      expect(pointersOf(response)).toEqual(['/another', '/definition', '/extra', '/input', '/version']);
      expectServiceNotCalled();
    });

    it.each([0, -1, 1.5])('answers 422 to version %s', async (version) => {
      const response = await http()
        .post('/v1/sagas')
        .send({ ...validBody, version });
      expectProblem(response, 422, 'invalid-request-body');
      expect(pointersOf(response)).toEqual(['/version']);
    });

    it('answers 422 with pointers under /input when the input breaks the definition schema', async () => {
      const response = await http()
        .post('/v1/sagas')
        .send({ definition: 'order', input: { orderId: 42 } });
      expectProblem(response, 422, 'invalid-saga-input');
      expect(pointersOf(response)).toEqual(['/input/orderId']);
    });

    it.each([
      ['__proto__ at the top', '{"definition":"order","input":{},"__proto__":{"polluted":true}}'],
      ['__proto__ deep in the input', '{"definition":"order","input":{"items":[{"__proto__":{"polluted":true}}]}}'],
      ['constructor.prototype', '{"definition":"order","input":{"constructor":{"prototype":{"polluted":true}}}}'],
    ])('answers 400 to %s, and nothing is polluted', async (_where, text) => {
      expectProblem(await postJson(text), 400, 'forbidden-json-key');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expectServiceNotCalled();
    });

    it('answers 400 to \\u0000 in a string', async () => {
      const response = await postJson('{"definition":"order","input":{"orderId":"a\\u0000b"}}');
      expectProblem(response, 400, 'invalid-json-string');
      expect(pointersOf(response)).toEqual(['/input/orderId']);
      expectServiceNotCalled();
    });

    it('answers 400 to a lone surrogate', async () => {
      expectProblem(await postJson('{"definition":"order","input":{"orderId":"\\ud800x"}}'), 400, 'invalid-json-string');
      expectServiceNotCalled();
    });

    it('answers 400 to a number beyond the IEEE 754 range instead of storing it as null', async () => {
      const response = await postJson('{"definition":"order","input":{"orderId":"o","amount":1e400}}');
      expectProblem(response, 400, 'json-number-out-of-range');
      expect(pointersOf(response)).toEqual(['/input/amount']);
      expectServiceNotCalled();
    });

    it('answers 400 to invalid UTF-8 instead of storing U+FFFD', async () => {
      const text = Buffer.from('{"definition":"order","input":{"orderId":"o-XX"}}', 'utf8');
      text[text.indexOf('XX')] = 0xff; // a byte that never occurs in UTF-8
      // Sends the bytes as they are: superagent would JSON-encode a Buffer (its types say string, Node's http takes either).
      const asIs = (body: unknown) => body as string;
      const response = await http().post('/v1/sagas').set('content-type', 'application/json').serialize(asIs).send(text);
      expectProblem(response, 400, 'malformed-json');
      expect(response.body.detail).toBe('The request body is not valid UTF-8 (RFC 8259 requires it).');
      expectServiceNotCalled();
    });

    it('answers 422 to a huge array within the byte limit', async () => {
      const response = await postJson(`{"definition":"order","input":{"orderId":"o","items":[${new Array(20_000).fill('0').join(',')}]}}`);
      expectProblem(response, 422, 'json-array-too-long');
      expect(pointersOf(response)).toEqual(['/input/items']);
      expectServiceNotCalled();
    });

    it('answers 503 with Retry-After when the store is unavailable', async () => {
      const response = await http().post('/v1/sagas').send({ definition: UNAVAILABLE_DEFINITION, input: {} });
      expectProblem(response, 503, 'store-unavailable');
      expect(response.headers['retry-after']).toBe('5');
    });
  });

  describe('GET /v1/sagas/{id} and /events', () => {
    it.each(['not-a-uuid', '1234', "1' OR '1'='1"])('answers 400 to the malformed id %j', async (id) => {
      const response = await http().get(`/v1/sagas/${encodeURIComponent(id)}`);
      expectProblem(response, 400, 'invalid-path-parameter');
      expect(pointersOf(response)).toEqual(['/id']);
    });

    it('answers 404 to an unknown id, for the saga and its events', async () => {
      const id = '6f1c1f38-5f5c-4f0e-9a57-1f0f4f0b2d11';
      expectProblem(await http().get(`/v1/sagas/${id}`), 404, 'saga-not-found');
      expectProblem(await http().get(`/v1/sagas/${id}/events`), 404, 'saga-not-found');
    });

    it('reads a started saga and its events', async () => {
      const started = await http().post('/v1/sagas').send(validBody);
      const saga = await http().get(`/v1/sagas/${started.body.id}`);
      expect(saga.status).toBe(200);
      expect(saga.body).toEqual(started.body);
      const events = await http().get(`/v1/sagas/${started.body.id}/events`);
      expect(events.body.map((entry: { seq: number }) => entry.seq)).toEqual([1, 2]);
    });
  });

  describe('GET /v1/sagas', () => {
    it('lists sagas with the default limit', async () => {
      const response = await http().get('/v1/sagas?status=RUNNING&definition=order');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ items: expect.any(Array), nextCursor: null });
    });

    it.each([
      ['status=running', '/status'],
      ['status=DROP%20TABLE', '/status'],
      ["definition=order'%20OR%201=1", '/definition'],
      ['limit=0', '/limit'],
      ['limit=101', '/limit'],
      ['limit=-5', '/limit'],
      ['limit=abc', '/limit'],
      ['limit=1&limit=2', '/limit'],
      ['sort=createdAt', '/sort'],
    ])('answers 400 to ?%s', async (query, pointer) => {
      const response = await http().get(`/v1/sagas?${query}`);
      expectProblem(response, 400, 'invalid-query-parameter');
      expect(pointersOf(response)).toEqual([pointer]);
    });

    it('answers 400 to a cursor the service did not issue', async () => {
      expectProblem(await http().get('/v1/sagas?cursor=forged'), 400, 'invalid-cursor');
    });
  });

  describe('definitions and participants', () => {
    it('lists definitions and reads one', async () => {
      expect((await http().get('/v1/definitions')).body.map((d: { name: string }) => d.name)).toEqual(['order']);
      const order = await http().get('/v1/definitions/order');
      expect(order.status).toBe(200);
      expect(order.body.steps[0]).toMatchObject({
        type: 'step',
        name: 'reserve-inventory',
        compensation: 'release-inventory',
        kind: 'compensatable',
      });
    });

    it('answers a stored definition once: its document as stored, and when it was registered', async () => {
      const order = await http().get('/v1/definitions/order');
      expect(order.body).toEqual({ ...ORDER_DEFINITION.json, createdAt: ORDER_DEFINITION.createdAt });
      expect(DefinitionResponseSchema.strict().parse(order.body)).toEqual(order.body);
    });

    it('answers 404 to an unknown definition name, 400 to an unsafe one', async () => {
      expectProblem(await http().get('/v1/definitions/nope'), 404, 'definition-not-found');
      expectProblem(await http().get(`/v1/definitions/${encodeURIComponent('<script>')}`), 400, 'invalid-path-parameter');
    });

    it('lists participants', async () => {
      expect((await http().get('/v1/participants')).body).toEqual([expect.objectContaining({ name: 'inventory', commands: ['reserve-inventory'] })]);
    });

    it('removes a participant: 204 without a body, 404 to an unknown name, 400 to an unsafe one', async () => {
      const removed = await http().delete('/v1/participants/inventory');
      expect(removed.status).toBe(204);
      expect(removed.text).toBe('');
      expectProblem(await http().delete('/v1/participants/nope'), 404, 'participant-not-found');
      expectProblem(await http().delete(`/v1/participants/${encodeURIComponent('<script>')}`), 400, 'invalid-path-parameter');
      expectProblem(await http().delete(`/v1/participants/${'a'.repeat(101)}`), 400, 'invalid-path-parameter');
    });
  });

  describe('routes', () => {
    it('answers 404 to an unknown route', async () => {
      expectProblem(await http().get('/v1/nothing-here'), 404, 'route-not-found');
    });

    it('answers 405 with Allow to a wrong method', async () => {
      const response = await http().delete('/v1/sagas');
      expectProblem(response, 405, 'method-not-allowed');
      expect(response.headers.allow).toBe('GET, HEAD, POST');
      const onDefinitions = await http().post('/v1/definitions/order').send({});
      expectProblem(onDefinitions, 405, 'method-not-allowed');
      expect(onDefinitions.headers.allow).toBe('GET, HEAD');
    });
  });
});
