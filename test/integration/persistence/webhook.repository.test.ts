import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookStore, type WebhookFanOut } from '../../../src/orchestration/ports/webhook-store.port.js';
import { createTestInfrastructure, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { createOrchestrationTestApp, sqlClient } from '../orchestration/support/orchestration-test-app.js';

const noAudit = async (): Promise<void> => undefined;

function fanOut(overrides: Partial<WebhookFanOut> = {}): WebhookFanOut {
  const messageId = randomUUID();
  return { messageId, sagaId: randomUUID(), definition: 'order', event: 'completed', payload: `{"id":"${messageId}"}`, ...overrides };
}

/** What PostgreSQL decides for webhooks: the fan-out and its dedupe, shared claims, leases, the attempt's consequences. */
describe('WebhookRepository on PostgreSQL', () => {
  let infra: TestInfrastructure;
  let app: INestApplication;
  let sql: pg.Client;
  let store: WebhookStore;

  const subscribe = async (events: ('completed' | 'compensated')[], definitions: string[] = []) =>
    (await store.create(
      { url: 'https://hooks.example.com/', events, definitions, description: null, sealedSecret: 'plain:whsec_x', createdBy: null },
      100,
      noAudit,
    ))!;

  beforeAll(async () => {
    infra = await createTestInfrastructure('webhook_store');
    ({ app } = await createOrchestrationTestApp(infra.databaseUrl, []));
    sql = await sqlClient(infra.databaseUrl);
    store = app.get(WebhookStore);
  });
  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await infra?.dispose();
  });

  it('fans an event out to the enabled subscriptions that match its definition and event, once per message id', async () => {
    await sql.query('DELETE FROM webhook_subscription');
    const all = await subscribe(['completed']);
    const orders = await subscribe(['completed'], ['order']);
    await subscribe(['completed'], ['shipment']);
    await subscribe(['compensated']);
    const disabled = await subscribe(['completed']);
    await sql.query('UPDATE webhook_subscription SET enabled = false WHERE id = $1', [disabled.id]);

    const event = fanOut();
    expect(await store.fanOut([event])).toBe(2);
    expect(await store.fanOut([event]), 'a redelivered event').toBe(0);
    const rows = await sql.query('SELECT subscription_id FROM webhook_delivery WHERE event_id = $1', [event.messageId]);
    expect(rows.rows.map((row: { subscription_id: string }) => row.subscription_id).sort()).toEqual([all.id, orders.id].sort());
  });

  it('fans a batch out in one statement: each event to its own matches, an event twice in the batch or already fanned out adds nothing', async () => {
    await sql.query('DELETE FROM webhook_subscription');
    const completed = await subscribe(['completed']);
    const shipments = await subscribe(['compensated'], ['shipment']);
    const done = fanOut();
    const undone = fanOut({ definition: 'shipment', event: 'compensated' });
    const otherDefinition = fanOut({ definition: 'order', event: 'compensated' });
    const earlier = fanOut();
    expect(await store.fanOut([earlier])).toBe(1);

    expect(await store.fanOut([done, undone, otherDefinition, done, earlier])).toBe(2);
    const rows = await sql.query<{ subscription_id: string; event_id: string; payload: string }>(
      'SELECT subscription_id, event_id, payload FROM webhook_delivery WHERE event_id = ANY ($1)',
      [[done.messageId, undone.messageId, otherDefinition.messageId]],
    );
    expect(rows.rows.map((row) => [row.event_id, row.subscription_id, row.payload]).sort()).toEqual(
      [
        [done.messageId, completed.id, done.payload],
        [undone.messageId, shipments.id, undone.payload],
      ].sort(),
    );
  });

  it('leaves no inbox row behind: an event taken after retention deleted its saga must not leave a row no sweep deletes', async () => {
    await sql.query('DELETE FROM webhook_subscription');
    const subscription = await subscribe(['completed']);
    const event = fanOut(); // its saga id names no saga row: deleted by retention, or never seen here
    expect(await store.fanOut([event])).toBe(1);
    expect(await store.fanOut([event]), 'a redelivered event').toBe(0);
    const inbox = await sql.query('SELECT count(*)::int AS n FROM inbox_message WHERE saga_id = $1', [event.sagaId]);
    expect(inbox.rows[0]).toEqual({ n: 0 });
    const deliveries = await sql.query('SELECT subscription_id FROM webhook_delivery WHERE event_id = $1', [event.messageId]);
    expect(deliveries.rows).toEqual([{ subscription_id: subscription.id }]);
  });

  it('never gives one delivery to two concurrent claims, and makes a claimed one due again when its lease ends (a crashed worker)', async () => {
    await sql.query('DELETE FROM webhook_subscription');
    await subscribe(['completed']);
    for (let i = 0; i < 30; i++) await store.fanOut([fanOut()]);

    const claims = await Promise.all(Array.from({ length: 6 }, () => store.claimDue(10, 60_000)));
    const ids = claims.flat().map((delivery) => delivery.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(await store.claimDue(10, 60_000)).toEqual([]);

    // Nobody records the attempts (the worker died): once the lease is over, they are due again, as attempt 2.
    await sql.query(`UPDATE webhook_delivery SET next_attempt_at = now() - interval '1 second'`);
    const again = await store.claimDue(100, 60_000);
    expect(again).toHaveLength(30);
    expect(new Set(again.map((delivery) => delivery.attempt))).toEqual(new Set([2]));
  });

  it('records an attempt only under the current lease, schedules the retry, gives up after the last, and disables after the failure run', async () => {
    await sql.query('DELETE FROM webhook_subscription');
    const subscription = await subscribe(['completed']);
    await store.fanOut([fanOut()]);
    const [first] = await store.claimDue(1, 60_000);
    const attempt = {
      deliveryId: first!.id,
      startedAt: new Date(),
      durationMs: 5,
      succeeded: false,
      statusCode: 500,
      error: 'HTTP 500',
      responseBody: null,
    };

    // A stale worker (attempt 0) changes nothing.
    await store.recordAttempt({ ...attempt, attempt: 0 }, { retryInMs: 1000, disableAfterFailures: 2 });
    expect((await store.listDeliveries(subscription.id, 10))[0]!.attempts).toEqual([]);

    await store.recordAttempt({ ...attempt, attempt: 1 }, { retryInMs: 60_000, disableAfterFailures: 2 });
    let [delivery] = await store.listDeliveries(subscription.id, 10);
    expect(delivery).toMatchObject({ status: 'PENDING', attempts: [expect.objectContaining({ attempt: 1, statusCode: 500 })] });
    expect(Date.parse(delivery!.nextAttemptAt!)).toBeGreaterThan(Date.now() + 50_000);

    await sql.query('UPDATE webhook_delivery SET next_attempt_at = now()');
    await store.claimDue(1, 60_000);
    await store.recordAttempt({ ...attempt, attempt: 2 }, { retryInMs: null, disableAfterFailures: 2 });
    [delivery] = await store.listDeliveries(subscription.id, 10);
    expect(delivery).toMatchObject({ status: 'FAILED', nextAttemptAt: null });
    expect(await store.get(subscription.id)).toMatchObject({
      enabled: false,
      consecutiveFailures: 2,
      disabledReason: '2 consecutive failed attempts; the last: HTTP 500',
    });

    // Disabled: new events pass it by, and enabling starts a fresh run.
    expect(await store.fanOut([fanOut()])).toBe(0);
    expect(await store.enable(subscription.id, noAudit)).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });
  });

  it('deletes a subscription with its deliveries and attempts, once', async () => {
    const subscription = await subscribe(['completed']);
    await store.fanOut([fanOut()]);
    expect(await store.remove(subscription.id, noAudit)).toBe(true);
    expect(await store.remove(subscription.id, noAudit)).toBe(false);
    expect((await sql.query('SELECT count(*)::int AS n FROM webhook_delivery WHERE subscription_id = $1', [subscription.id])).rows[0].n).toBe(0);
  });
});
