import { commandMessageId, replyMessageId } from '@saga-coordinator/contracts';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkOperationService } from '../../../src/orchestration/bulk/bulk-operation.service.js';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import { InboundMessageHandler } from '../../../src/runtime/inbound/inbound-message-handler.port.js';
import type { SagaDefinition } from '../../../src/saga-engine/definition/saga-definition.js';
import { expectProblem } from '../api/problem-assertions.js';
import { createAuthTestApp, type AuthTestApp } from '../auth/auth-test-app.js';
import { executeReply } from './support/replies.js';
import { twoStepDefinition } from './support/two-step.definition.js';

/** two-step whose compensations get one attempt: a failed compensate reply leaves the saga COMPENSATION_FAILED at once. */
const outageDefinition = {
  ...twoStepDefinition,
  name: 'outage',
  steps: twoStepDefinition.steps.map((step) => ({
    ...step,
    compensationRetry: { ...(step as { compensationRetry: object }).compensationRetry, maxAttempts: 1 },
  })),
} as SagaDefinition;

// Above the sagas the filter tests make (10), below all the outage sagas the confirmation test sees (14).
const MAX_MATCHED = 12;

describe('bulk operator actions (real app, real PostgreSQL, auth on)', () => {
  let t: AuthTestApp;
  let agent: request.Agent;
  let bulkKey: string;
  let readKey: string;
  let operateKey: string;
  let sagas: SagaService;
  let replies: InboundMessageHandler;
  let bulk: BulkOperationService;

  /** A real saga of `outage`: started, reserve succeeded, charge declined, reserve's compensation failed. */
  async function stuckSaga(orderId: string): Promise<string> {
    const { saga } = await sagas.start({ definition: 'outage', input: { orderId, amount: 10 } });
    await replies.handleReply(executeReply(saga.id, 'reserve', 'stock'));
    await replies.handleReply(
      executeReply(saga.id, 'charge', 'bank', { outcome: 'failed', failure: { code: 'declined', message: 'card declined' } }),
    );
    const commandId = commandMessageId(saga.id, 'reserve', 'compensate', 1);
    await replies.handleReply({
      messageId: replyMessageId(commandId),
      inReplyTo: commandId,
      sagaId: saga.id,
      step: 'reserve',
      participant: 'stock',
      kind: 'compensate',
      attempt: 1,
      outcome: 'failed',
      failure: { code: 'payment-outage', message: 'payment provider down' },
      repliedAt: new Date().toISOString(),
    });
    expect((await sagas.get(saga.id)).status).toBe('COMPENSATION_FAILED');
    return saga.id;
  }

  async function runningSaga(orderId: string): Promise<string> {
    return (await sagas.start({ definition: 'outage', input: { orderId, amount: 10 } })).saga.id;
  }

  const post = (body: object, key = bulkKey) => agent.post('/v1/bulk-operations').set('authorization', `Bearer ${key}`).send(body);
  const get = (path: string, key = readKey) => agent.get(path).set('authorization', `Bearer ${key}`);

  /** Every id GET /v1/sagas lists for this query (all pages). */
  async function listed(query: Record<string, string>): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const { body } = await get('/v1/sagas')
        .query({ ...query, limit: '100', ...(cursor ? { cursor } : {}) })
        .expect(200);
      ids.push(...(body.items as { id: string }[]).map((item) => item.id));
      cursor = body.nextCursor ?? undefined;
    } while (cursor);
    return ids.sort();
  }

  /** Every saga id of an operation's items (all pages). */
  async function itemsOf(id: string): Promise<{ sagaId: string; outcome: string; detail: string | null }[]> {
    const items: { sagaId: string; outcome: string; detail: string | null }[] = [];
    let after: string | undefined;
    do {
      const { body } = await get(`/v1/bulk-operations/${id}/items`)
        .query({ limit: '7', ...(after ? { after } : {}) })
        .expect(200);
      items.push(...body.items);
      after = body.nextAfter ?? undefined;
    } while (after);
    return items;
  }

  async function drain(): Promise<void> {
    while ((await bulk.actOnNextItem()) !== 'none');
    await bulk.completeDrained();
  }

  async function tableCounts() {
    const { rows } = await t.sql.query(
      `SELECT (SELECT count(*) FROM bulk_operation)::int AS operations, (SELECT count(*) FROM bulk_operation_item)::int AS items,
              (SELECT count(*) FROM audit_log)::int AS audit, (SELECT count(*) FROM saga_event)::int AS events`,
    );
    return rows[0] as { operations: number; items: number; audit: number; events: number };
  }

  beforeAll(async () => {
    t = await createAuthTestApp({ BULK_MAX_MATCHED_SAGAS: String(MAX_MATCHED) }, [twoStepDefinition, outageDefinition]);
    agent = request.agent(t.app.getHttpServer());
    [bulkKey, readKey, operateKey] = [await t.key('sagas:bulk-operate'), await t.key('sagas:read'), await t.key('sagas:operate')];
    sagas = t.app.get(SagaService);
    replies = t.app.get(InboundMessageHandler);
    bulk = t.app.get(BulkOperationService);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  describe('filter', () => {
    const created: string[] = [];
    beforeAll(async () => {
      for (let i = 0; i < 6; i++) created.push(await stuckSaga(`f-${i % 3}`));
      for (let i = 0; i < 4; i++) created.push(await runningSaga(`f-${i % 3}`));
    });

    it('matches exactly the sagas GET /v1/sagas lists for the same fields', async () => {
      const { rows } = await t.sql.query<{ at: string }>(`SELECT created_at::text AS at FROM saga WHERE id = ANY($1) ORDER BY created_at`, [created]);
      const instants = rows.map((row) => new Date(row.at).toISOString());
      const filter = fc.record(
        {
          status: fc.constantFrom('COMPENSATION_FAILED', 'RUNNING', 'COMPLETED'),
          definition: fc.constantFrom('outage', 'two-step'),
          version: fc.constant(1),
          createdFrom: fc.constantFrom(...instants),
          inputValue: fc.constantFrom('f-0', 'f-1', 'f-2', 'nothing'),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(filter, async (drawn) => {
          const { inputValue, version, ...rest } = drawn;
          const fields = {
            ...rest,
            ...(inputValue === undefined ? {} : { inputField: 'orderId', inputValue }),
            ...(version === undefined || rest.definition === undefined ? {} : { version }),
          };
          const expected = await listed(Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, String(value)])));
          const { body } = await post({ action: 'cancel', filter: fields, dryRun: true }).expect(200);
          expect(body.matched).toBe(expected.length);
          expect(body.sample.every((id: string) => expected.includes(id))).toBe(true);
        }),
        { numRuns: 30 },
      );
    });

    it('snapshots the matched ids as the items of the operation', async () => {
      const filter = { status: 'RUNNING', definition: 'outage', inputField: 'orderId', inputValue: 'f-1' };
      const expected = await listed(filter);
      const { body } = await post({ action: 'cancel', filter, reason: 'bulk test', expectedCount: expected.length }).expect(202);
      // A saga created after the snapshot never joins.
      await runningSaga('f-1');
      const items = await itemsOf(body.id);
      expect(items.map((item) => item.sagaId).sort()).toEqual(expected);
      await drain();
      const { body: done } = await get(`/v1/bulk-operations/${body.id}`).expect(200);
      expect(done).toMatchObject({
        status: 'COMPLETED',
        matched: expected.length,
        totals: { pending: 0, done: expected.length, skipped: 0, cancelled: 0 },
      });
      for (const id of expected) expect((await sagas.get(id)).status).toBe('COMPENSATING');
    });
  });

  it('dry run writes nothing: no operation, no item, no audit row, no saga change', async () => {
    await stuckSaga('dry-1');
    const before = await tableCounts();
    const { body } = await post({
      action: 'retry',
      filter: { status: 'COMPENSATION_FAILED', inputField: 'orderId', inputValue: 'dry-1' },
      dryRun: true,
    }).expect(200);
    expect(body).toMatchObject({ dryRun: true, matched: 1 });
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses a count other than the confirmed one (409), a missing confirmation (422) and too many sagas (422), writing nothing', async () => {
    const filter = { status: 'COMPENSATION_FAILED', inputField: 'orderId', inputValue: 'confirm' };
    await stuckSaga('confirm');
    const { body: dry } = await post({ action: 'retry', filter, dryRun: true }).expect(200);
    expect(dry.matched).toBe(1);
    await stuckSaga('confirm');
    const before = await tableCounts();
    const mismatch = await post({ action: 'retry', filter, expectedCount: dry.matched });
    expectProblem(mismatch, 409, 'bulk-count-mismatch');
    expect(mismatch.body.detail).toBe(
      'The filter matches 2 sagas now, not the 1 confirmed (expectedCount): nothing was started. Run the dry run again and confirm its count.',
    );
    expectProblem(await post({ action: 'retry', filter }), 422, 'invalid-request-body');
    expectProblem(await post({ action: 'resolve', filter, expectedCount: 2 }), 422, 'invalid-request-body');
    expectProblem(await post({ action: 'retry', filter: { definition: 'outage' }, dryRun: true }), 422, 'bulk-too-many-sagas');
    expectProblem(await post({ action: 'retry', filter: { definition: 'outage' }, expectedCount: MAX_MATCHED + 1 }), 422, 'bulk-too-many-sagas');
    expectProblem(await post({ action: 'retry', filter: { version: 1 }, dryRun: true }), 422, 'invalid-request-body');
    // The refusals are audited (rejected), nothing else is written.
    const after = await tableCounts();
    expect({ ...after, audit: before.audit }).toEqual(before);
  });

  it('needs sagas:bulk-operate to create or cancel (403), sagas:read to follow', async () => {
    const refused = await post({ action: 'retry', filter: { status: 'COMPENSATION_FAILED' }, dryRun: true }, operateKey);
    expectProblem(refused, 403, 'insufficient-scope');
    expect(refused.body.detail).toContain('sagas:bulk-operate');
    await get('/v1/bulk-operations').expect(200);
  });

  it('retries every matched saga once, audited per saga, and skips one that no longer waits for a retry', async () => {
    const ids = [await stuckSaga('r'), await stuckSaga('r'), await stuckSaga('r')];
    const filter = { status: 'COMPENSATION_FAILED', inputField: 'orderId', inputValue: 'r' };
    const { body: dry } = await post({ action: 'retry', filter, dryRun: true }).expect(200);
    const created = await post({ action: 'retry', filter, expectedCount: dry.matched }).expect(202);
    expect(created.headers.location).toBe(`/v1/bulk-operations/${created.body.id}`);
    expect(created.body).toMatchObject({ action: 'retry', status: 'RUNNING', matched: 3, totals: { pending: 3, done: 0 } });
    // An operator retried one by hand before the worker came to it.
    await sagas.retry(ids[0]!);
    await drain();
    const { body: finished } = await get(`/v1/bulk-operations/${created.body.id}`).expect(200);
    expect(finished).toMatchObject({ status: 'COMPLETED', totals: { pending: 0, done: 2, skipped: 1, cancelled: 0 } });
    expect(finished.finishedAt).not.toBeNull();
    const skipped = (await itemsOf(created.body.id)).filter((item) => item.outcome === 'skipped');
    expect(skipped).toEqual([
      { sagaId: ids[0], outcome: 'skipped', detail: expect.stringContaining('it is COMPENSATING'), doneAt: expect.any(String) },
    ]);
    for (const id of ids) {
      const retries = (await sagas.events(id)).filter((event) => event.type === 'SagaRetryRequested');
      expect(retries).toHaveLength(1);
    }
    const { rows: audit } = await t.sql.query(`SELECT principal, action, target, outcome, detail FROM audit_log WHERE detail = $1 ORDER BY target`, [
      `bulk operation ${created.body.id}`,
    ]);
    expect(audit).toEqual(
      ids
        .slice(1)
        .sort()
        .map((id) => ({
          principal: created.body.createdBy,
          action: 'saga.retry',
          target: id,
          outcome: 'succeeded',
          detail: `bulk operation ${created.body.id}`,
        })),
    );
    const creation = (await t.auditRows()).filter((row) => row.action === 'bulk-operation.create' && row.target === created.body.id);
    expect(creation).toEqual([expect.objectContaining({ principal: created.body.createdBy, outcome: 'succeeded' })]);
  });

  it('skips a saga that is gone by the time the worker comes to it (retention deleted it)', async () => {
    const kept = await stuckSaga('gone');
    const deleted = await stuckSaga('gone');
    const { body } = await post({
      action: 'retry',
      filter: { status: 'COMPENSATION_FAILED', inputField: 'orderId', inputValue: 'gone' },
      expectedCount: 2,
    }).expect(202);
    await t.sql.query('DELETE FROM saga WHERE id = $1', [deleted]);
    await drain();
    const items = await itemsOf(body.id);
    expect(items.find((item) => item.sagaId === deleted)).toMatchObject({ outcome: 'skipped', detail: 'The saga no longer exists.' });
    expect(items.find((item) => item.sagaId === kept)).toMatchObject({ outcome: 'done' });
    expect((await get(`/v1/bulk-operations/${body.id}`).expect(200)).body.status).toBe('COMPLETED');
  });

  it('resolves a named step of every matched saga with the reason', async () => {
    const ids = [await stuckSaga('res'), await stuckSaga('res')];
    const filter = { status: 'COMPENSATION_FAILED', inputField: 'orderId', inputValue: 'res' };
    await post({ action: 'resolve', step: 'reserve', reason: 'released by hand, OPS-1', filter, expectedCount: 2 }).expect(202);
    await drain();
    for (const id of ids) {
      const saga = await sagas.get(id);
      expect(saga.status).toBe('COMPENSATED');
      expect(saga.steps.find((step) => step.name === 'reserve')?.compensation?.resolvedBy).toEqual({ reason: 'released by hand, OPS-1', by: null });
    }
  });

  it('cancelling an operation stops its pending items; a finished one answers 409', async () => {
    await stuckSaga('c');
    await stuckSaga('c');
    const filter = { status: 'COMPENSATION_FAILED', inputField: 'orderId', inputValue: 'c' };
    const { body } = await post({ action: 'retry', filter, expectedCount: 2 }).expect(202);
    const cancelled = await agent.post(`/v1/bulk-operations/${body.id}/cancel`).set('authorization', `Bearer ${bulkKey}`).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', totals: { pending: 0, done: 0, cancelled: 2 } });
    expect(await bulk.actOnNextItem()).toBe('none');
    const again = await agent.post(`/v1/bulk-operations/${body.id}/cancel`).set('authorization', `Bearer ${bulkKey}`);
    expectProblem(again, 409, 'bulk-operation-not-cancellable');
    const { body: page } = await get('/v1/bulk-operations').query({ limit: '1' }).expect(200);
    expect(page.items.map((item: { id: string }) => item.id)).toEqual([body.id]);
    expect(page.nextBefore).toBe(body.id);
  });
});
