import type { IncomingMessage } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../support/test-infrastructure.js';
import { type AuthTestApp, createAuthTestApp, startBody } from '../auth/auth-test-app.js';

/**
 * The dashboard's endpoints on the real API, services and PostgreSQL, auth on (no RabbitMQ:
 * commands stay in the outbox, so sagas stay RUNNING unless a test moves them).
 */
describe('dashboard endpoints', () => {
  let t: AuthTestApp;
  let read: string;
  let start: string;
  const ids: Record<string, string> = {};

  const get = (path: string) => request(t.app.getHttpServer()).get(path).set('authorization', `Bearer ${read}`);
  const startSaga = async (orderId: string): Promise<string> => {
    const response = await request(t.app.getHttpServer())
      .post('/v1/sagas')
      .set('authorization', `Bearer ${start}`)
      .send(startBody(orderId))
      .expect(202);
    return (response.body as { id: string }).id;
  };
  /** Moves a saga to `status` as the runtime would leave it (the list reads the column). */
  const setStatus = (id: string, status: string, createdAgoMs = 0) =>
    t.sql.query(`UPDATE saga SET status = $2, created_at = now() - make_interval(secs => $3::int / 1000.0) WHERE id = $1`, [
      id,
      status,
      createdAgoMs,
    ]);

  beforeAll(async () => {
    t = await createAuthTestApp({ ATTENTION_RUNNING_LONGER_THAN_MS: '60000', PAYLOAD_REDACT_PATHS: 'amount' });
    read = await t.key('sagas:read');
    start = await t.key('sagas:start');
    for (const name of ['completed', 'stuck', 'old-running', 'fresh-running', 'retrying', 'compensated'])
      ids[name] = await startSaga(`order-${name}`);
    await setStatus(ids['completed']!, 'COMPLETED');
    await setStatus(ids['stuck']!, 'COMPENSATION_FAILED');
    await setStatus(ids['old-running']!, 'RUNNING', 3_600_000);
    await setStatus(ids['compensated']!, 'COMPENSATED', 3_600_000);
    await t.sql.query(
      `INSERT INTO saga_timer (saga_id, kind, step, attempt, due_at) VALUES ($1, 'step-retry', 'reserve', 2, now() + interval '1 hour')`,
      [ids['retrying']],
    );
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('counts sagas per status, zeros included, and those that need attention', async () => {
    const { body } = await get('/v1/sagas/counts').expect(200);
    expect(body).toEqual({
      byStatus: { RUNNING: 3, COMPENSATING: 0, COMPLETED: 1, COMPENSATED: 1, COMPENSATION_FAILED: 1 },
      // stuck, old-running (over 60 s), retrying (a retry timer armed)
      needsAttention: 3,
      total: 6,
      attentionThresholdMs: 60_000,
    });
  });

  it('lists exactly the sagas that need attention', async () => {
    const { body } = await get('/v1/sagas?attention=true').expect(200);
    expect(new Set(body.items.map((saga: { id: string }) => saga.id))).toEqual(new Set([ids['stuck'], ids['old-running'], ids['retrying']]));
  });

  it('finds a saga by an input field, and by id', async () => {
    const byField = await get('/v1/sagas?inputField=orderId&inputValue=order-stuck').expect(200);
    expect(byField.body.items.map((saga: { id: string }) => saga.id)).toEqual([ids['stuck']]);
    const byId = await get(`/v1/sagas?id=${ids['retrying']}`).expect(200);
    expect(byId.body.items.map((saga: { id: string }) => saga.id)).toEqual([ids['retrying']]);
    const none = await get('/v1/sagas?inputField=orderId&inputValue=no-such-order').expect(200);
    expect(none.body.items).toEqual([]);
  });

  it('filters by creation time, combined with status', async () => {
    const hourAgo = new Date(Date.now() - 30 * 60_000).toISOString();
    const older = await get(`/v1/sagas?createdTo=${encodeURIComponent(hourAgo)}`).expect(200);
    expect(new Set(older.body.items.map((saga: { id: string }) => saga.id))).toEqual(new Set([ids['old-running'], ids['compensated']]));
    const olderRunning = await get(`/v1/sagas?createdTo=${encodeURIComponent(hourAgo)}&status=RUNNING`).expect(200);
    expect(olderRunning.body.items.map((saga: { id: string }) => saga.id)).toEqual([ids['old-running']]);
    const newer = await get(`/v1/sagas?createdFrom=${encodeURIComponent(hourAgo)}`).expect(200);
    expect(newer.body.items).toHaveLength(4);
  });

  it('pages through a filtered list with the cursor, newest first, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await get(`/v1/sagas?status=RUNNING&limit=1${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...page.body.items.map((saga: { id: string }) => saga.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });

  it.each([
    ['inputField=orderId', '/inputValue', 'inputField and inputValue go together'],
    ['inputField=a%27%3B%20DROP&inputValue=x', '/inputField', 'top-level input field name'],
    ['createdFrom=yesterday', '/createdFrom', ''],
    ['createdFrom=2026-01-02T00:00:00Z&createdTo=2026-01-01T00:00:00Z', '/createdTo', 'later than createdFrom'],
    ['attention=maybe', '/attention', ''],
    ['id=not-a-uuid', '/id', ''],
  ])('refuses %s with a 400 pointing at %s', async (query, pointer, message) => {
    const response = await get(`/v1/sagas?${query}`).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.type).toBe('urn:saga-coordinator:problem:invalid-query-parameter');
    const error = response.body.errors.find((candidate: { pointer: string }) => candidate.pointer === pointer);
    expect(error, JSON.stringify(response.body.errors)).toBeDefined();
    expect(error.message).toContain(message);
  });

  it('redacts the configured keys in the saga and its step log, not in what is stored', async () => {
    const { body } = await get(`/v1/sagas/${ids['fresh-running']}`).expect(200);
    expect(body.input).toEqual({ orderId: 'order-fresh-running', amount: '[REDACTED]' });
    const events = await get(`/v1/sagas/${ids['fresh-running']}/events`).expect(200);
    expect(JSON.stringify(events.body)).not.toMatch(/"amount":10/);
    const { rows } = await t.sql.query(`SELECT input FROM saga WHERE id = $1`, [ids['fresh-running']]);
    expect(rows[0].input).toEqual({ orderId: 'order-fresh-running', amount: 10 });
  });

  it('lists every version of a definition, and 404 for an unknown one', async () => {
    const { body } = await get('/v1/definitions/two-step/versions').expect(200);
    expect(body.map((definition: { version: number }) => definition.version)).toEqual([1]);
    const missing = await get('/v1/definitions/no-such-saga/versions').expect(404);
    expect(missing.body.type).toBe('urn:saga-coordinator:problem:definition-not-found');
  });

  it('streams a saga started after the stream opened, as a saga event', async () => {
    const server = t.app.getHttpServer();
    const chunks: string[] = [];
    let stream: IncomingMessage | undefined;
    const opened = new Promise<void>((resolve, reject) => {
      request(server)
        .get('/v1/sagas/stream')
        .set('authorization', `Bearer ${read}`)
        .buffer(true)
        .parse((res, done) => {
          stream = res as unknown as IncomingMessage;
          expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
          stream.setEncoding('utf8');
          stream.on('data', (chunk: string) => {
            chunks.push(chunk);
            resolve();
          });
          stream.on('close', () => done(null, null));
        })
        .end((error: Error | null) => (error ? reject(error) : undefined));
    });
    await opened;
    const id = await startSaga('order-streamed');
    try {
      const event = await eventually(
        () => {
          const events = chunks
            .join('')
            .split('\n\n')
            .filter((block) => block.startsWith('event: saga'));
          return events.map((block) => JSON.parse(block.split('\ndata: ')[1]!)).find((saga: { id: string }) => saga.id === id);
        },
        { what: 'the new saga on the stream', timeoutMs: 10_000 },
      );
      expect(event).toMatchObject({ id, definition: 'two-step', version: 1, status: 'RUNNING' });
    } finally {
      stream?.destroy();
    }
  });
});
