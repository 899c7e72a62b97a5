import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoStepDefinition } from '../orchestration/support/two-step.definition.js';
import { createAuthTestApp, startBody, type AuthTestApp } from './auth-test-app.js';

describe('audit log and limits (real app, real PostgreSQL)', () => {
  let t: AuthTestApp;
  let agent: request.Agent;
  let starter: string;
  let operator: string;
  let reader: string;

  const keyId = (token: string) => token.split('_')[1]!;
  const rowsFor = async (requestId: string) => (await t.auditRows()).filter((row) => row.request_id === requestId);

  beforeAll(async () => {
    t = await createAuthTestApp({ MAX_IN_FLIGHT_SAGAS_PER_KEY: '3', RATE_LIMIT_PER_KEY: '1000' });
    agent = request.agent(t.app.getHttpServer());
    starter = await t.key('sagas:start', 'sagas:read');
    operator = await t.key('sagas:operate', 'sagas:read');
    reader = await t.key('sagas:read');
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('records a start once, in its transaction: principal, action, saga id, the client request id, succeeded', async () => {
    const response = await agent
      .post('/v1/sagas')
      .set('authorization', `Bearer ${starter}`)
      .set('x-request-id', 'start-1')
      .send(startBody('a-1'))
      .expect(202);
    expect(response.headers['x-request-id']).toBe('start-1');
    expect(await rowsFor('start-1')).toEqual([
      { principal: keyId(starter), action: 'saga.start', target: response.body.id, request_id: 'start-1', outcome: 'succeeded', detail: null },
    ]);
    const { rows } = await t.sql.query('SELECT started_by FROM saga WHERE id = $1', [response.body.id]);
    expect(rows[0]).toEqual({ started_by: keyId(starter) });
  });

  it('generates a request id when the client sends none (or a malformed one), and answers with it', async () => {
    const response = await agent
      .post('/v1/sagas')
      .set('authorization', `Bearer ${starter}`)
      .set('x-request-id', 'bad id')
      .send(startBody('a-2'))
      .expect(202);
    const requestId = response.headers['x-request-id'] as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await rowsFor(requestId)).toHaveLength(1);
  });

  it('records a cancel once, in its transaction', async () => {
    const started = await agent.post('/v1/sagas').set('authorization', `Bearer ${starter}`).send(startBody('a-3')).expect(202);
    await agent
      .post(`/v1/sagas/${started.body.id}/cancel`)
      .set('authorization', `Bearer ${operator}`)
      .set('x-request-id', 'cancel-1')
      .send({})
      .expect(202);
    expect(await rowsFor('cancel-1')).toEqual([
      { principal: keyId(operator), action: 'saga.cancel', target: started.body.id, request_id: 'cancel-1', outcome: 'succeeded', detail: null },
    ]);
  });

  it('records a refused operator action (409) once as rejected, with the status and problem type', async () => {
    // Another key: the starter's three sagas fill its in-flight cap.
    const started = await agent
      .post('/v1/sagas')
      .set('authorization', `Bearer ${await t.key('sagas:start')}`)
      .send(startBody('a-4'))
      .expect(202);
    await agent.post(`/v1/sagas/${started.body.id}/retry`).set('authorization', `Bearer ${operator}`).set('x-request-id', 'retry-409').expect(409);
    const rows = await rowsFor('retry-409');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ principal: keyId(operator), action: 'saga.retry', target: started.body.id, outcome: 'rejected' });
    expect(rows[0]!.detail).toMatch(/^409 saga-not-retriable: /);
  });

  it('records a start with invalid input once as rejected, and no saga exists', async () => {
    await agent
      .post('/v1/sagas')
      .set('authorization', `Bearer ${starter}`)
      .set('x-request-id', 'start-422')
      .send({ definition: 'two-step', input: { orderId: 'x' } })
      .expect(422);
    expect(await rowsFor('start-422')).toEqual([
      expect.objectContaining({
        action: 'saga.start',
        target: 'two-step',
        outcome: 'rejected',
        detail: expect.stringMatching(/^422 invalid-saga-input/),
      }),
    ]);
  });

  it('records denied attempts once each: no key (anonymous, 401) and a missing scope (403)', async () => {
    await agent.post('/v1/sagas').set('x-request-id', 'deny-401').send(startBody()).expect(401);
    await agent.post('/v1/sagas').set('authorization', `Bearer ${reader}`).set('x-request-id', 'deny-403').send(startBody()).expect(403);
    expect(await rowsFor('deny-401')).toEqual([
      expect.objectContaining({ principal: 'anonymous', action: 'saga.start', outcome: 'denied', target: 'two-step' }),
    ]);
    expect(await rowsFor('deny-403')).toEqual([
      expect.objectContaining({ principal: keyId(reader), outcome: 'denied', detail: expect.stringMatching(/^403 insufficient-scope/) }),
    ]);
  });

  it('records a definition registration and a refused signal once each', async () => {
    const writer = await t.key('definitions:write');
    await agent
      .post('/v1/definitions')
      .set('authorization', `Bearer ${writer}`)
      .set('x-request-id', 'register-1')
      .send({ ...twoStepDefinition, name: 'audited-copy' })
      .expect(201);
    expect(await rowsFor('register-1')).toEqual([
      {
        principal: keyId(writer),
        action: 'definition.register',
        target: 'audited-copy',
        request_id: 'register-1',
        outcome: 'succeeded',
        detail: null,
      },
    ]);
    const started = await agent
      .post('/v1/sagas')
      .set('authorization', `Bearer ${await t.key('sagas:start')}`)
      .send(startBody('sig-1'))
      .expect(202);
    await agent
      .post(`/v1/sagas/${started.body.id}/signals/approved`)
      .set('authorization', `Bearer ${operator}`)
      .set('x-request-id', 'signal-409')
      .send({})
      .expect(409);
    expect(await rowsFor('signal-409')).toEqual([expect.objectContaining({ action: 'saga.signal', target: started.body.id, outcome: 'rejected' })]);
  });

  it('does not audit reads', async () => {
    await agent.get('/v1/sagas').set('authorization', `Bearer ${reader}`).set('x-request-id', 'read-1').expect(200);
    expect(await rowsFor('read-1')).toEqual([]);
  });

  it('caps the sagas a key has in flight: the next start gets 429 with Retry-After and a precise message, and is audited as denied', async () => {
    const capped = await t.key('sagas:start');
    for (const n of [1, 2, 3])
      await agent
        .post('/v1/sagas')
        .set('authorization', `Bearer ${capped}`)
        .send(startBody(`cap-${n}`))
        .expect(202);
    const refused = await agent
      .post('/v1/sagas')
      .set('authorization', `Bearer ${capped}`)
      .set('x-request-id', 'cap-4')
      .send(startBody('cap-4'))
      .expect(429);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body).toMatchObject({ type: 'urn:saga-coordinator:problem:in-flight-limit-reached', status: 429 });
    expect(refused.body.detail).toContain(`API key ${keyId(capped)} has 3 sagas in flight`);
    expect(await rowsFor('cap-4')).toEqual([
      expect.objectContaining({ outcome: 'denied', detail: expect.stringMatching(/^429 in-flight-limit-reached/) }),
    ]);
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM saga WHERE started_by = $1', [keyId(capped)]);
    expect(rows[0]).toEqual({ n: 3 });
  });

  it('frees a place in the cap when a saga finishes', async () => {
    const key = await t.key('sagas:start');
    for (const n of [1, 2, 3])
      await agent
        .post('/v1/sagas')
        .set('authorization', `Bearer ${key}`)
        .send(startBody(`free-${n}`))
        .expect(202);
    await t.sql.query(`UPDATE saga SET status = 'COMPLETED' WHERE started_by = $1 AND input->>'orderId' = 'free-1'`, [keyId(key)]);
    await agent.post('/v1/sagas').set('authorization', `Bearer ${key}`).send(startBody('free-4')).expect(202);
  });

  it('holds the cap under concurrent starts', async () => {
    const key = await t.key('sagas:start');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        agent
          .post('/v1/sagas')
          .set('authorization', `Bearer ${key}`)
          .send(startBody(`race-${n}`)),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 202, 202, 429, 429, 429, 429, 429]);
  });

  it('lists the audit log newest first for sagas:operate, filtered and paginated', async () => {
    await agent.get('/v1/audit').set('authorization', `Bearer ${reader}`).expect(403);
    const page = await agent
      .get('/v1/audit')
      .query({ action: 'saga.start', principal: keyId(starter), limit: 2 })
      .set('authorization', `Bearer ${operator}`)
      .expect(200);
    expect(page.body.items).toHaveLength(2);
    expect(
      page.body.items.every((item: { action: string; principal: string }) => item.action === 'saga.start' && item.principal === keyId(starter)),
    ).toBe(true);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const next = await agent
      .get('/v1/audit')
      .query({ action: 'saga.start', principal: keyId(starter), limit: 2, cursor: page.body.nextCursor })
      .set('authorization', `Bearer ${operator}`)
      .expect(200);
    const seen = [...page.body.items, ...next.body.items].map((item: { id: string }) => item.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(page.body.items[0].at >= page.body.items[1].at).toBe(true);
    await agent.get('/v1/audit').query({ cursor: 'not-a-cursor' }).set('authorization', `Bearer ${operator}`).expect(400);
    await agent.get('/v1/audit').query({ limit: 1000 }).set('authorization', `Bearer ${operator}`).expect(400);
    await agent.get('/v1/audit').query({ sort: 'principal' }).set('authorization', `Bearer ${operator}`).expect(400);
  });
});

describe('per-key rate limit (real app)', () => {
  let t: AuthTestApp;
  let agent: request.Agent;

  beforeAll(async () => {
    t = await createAuthTestApp({ RATE_LIMIT_PER_KEY: '3', RATE_LIMIT_WINDOW_MS: '60000' });
    agent = request.agent(t.app.getHttpServer());
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('answers 429 problem+json with Retry-After once a key spent its budget, across endpoints, and audits a denied start', async () => {
    const key = await t.key('sagas:read', 'sagas:start');
    await agent.get('/v1/sagas').set('authorization', `Bearer ${key}`).expect(200);
    await agent.get('/v1/definitions').set('authorization', `Bearer ${key}`).expect(200);
    await agent.get('/v1/participants').set('authorization', `Bearer ${key}`).expect(200);
    const limited = await agent.post('/v1/sagas').set('authorization', `Bearer ${key}`).set('x-request-id', 'limited').send(startBody()).expect(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.body).toMatchObject({ type: 'urn:saga-coordinator:problem:rate-limited', status: 429 });
    expect((await t.auditRows()).filter((row) => row.request_id === 'limited')).toEqual([
      expect.objectContaining({ action: 'saga.start', outcome: 'denied', detail: expect.stringMatching(/^429 rate-limited/) }),
    ]);
    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM saga');
    expect(rows[0]).toEqual({ n: 0 });
  });

  it('counts each key on its own', async () => {
    const other = await t.key('sagas:read');
    await agent.get('/v1/sagas').set('authorization', `Bearer ${other}`).expect(200);
  });

  it('counts callers without a valid key per address, so guessing keys is limited too', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 5; n++) statuses.push((await agent.get('/v1/sagas').set('authorization', 'Bearer sk_nope')).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describe('AUTH_DISABLED=true (real app)', () => {
  let t: AuthTestApp;

  beforeAll(async () => {
    t = await createAuthTestApp({ AUTH_DISABLED: 'true' });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('lets callers without a key do everything, audited as auth-disabled', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const started = await agent.post('/v1/sagas').set('x-request-id', 'open-start').send(startBody()).expect(202);
    await agent.get('/v1/audit').expect(200);
    expect((await t.auditRows()).filter((row) => row.request_id === 'open-start')).toEqual([
      expect.objectContaining({ principal: 'auth-disabled', action: 'saga.start', target: started.body.id, outcome: 'succeeded' }),
    ]);
  });
});
