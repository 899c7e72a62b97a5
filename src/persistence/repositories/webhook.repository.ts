import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuditWriter } from '../../orchestration/audit/audit-record.js';
import {
  type ClaimedWebhookDelivery,
  type NewWebhookSubscription,
  type StoredWebhookDelivery,
  type WebhookAttemptConsequence,
  type WebhookAttemptRecord,
  type WebhookFanOut,
  WebhookStore,
} from '../../orchestration/ports/webhook-store.port.js';
import type { WebhookAttemptView, WebhookDeliveryStatus, WebhookSubscriptionView } from '../../orchestration/views/webhook.view.js';
import type { LifecycleEvent } from '../../orchestration/webhooks/lifecycle-event.js';
import { auditWriterIn } from './audit-insert.sql.js';
import { iso } from './sql-rows.util.js';
import { inStoreTransaction, queryStore } from './store-access.util.js';

interface SubscriptionRow {
  id: string;
  url: string;
  events: LifecycleEvent[];
  definitions: string[];
  description: string | null;
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: Date | null;
  consecutive_failures: number;
  created_by: string | null;
  created_at: Date;
}

interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  saga_id: string;
  event: LifecycleEvent;
  status: WebhookDeliveryStatus;
  next_attempt_at: Date;
  created_at: Date;
  attempts_made: AttemptJson[] | null;
}

interface AttemptJson {
  attempt: number;
  started_at: string;
  duration_ms: number;
  succeeded: boolean;
  status_code: number | null;
  error: string | null;
  response_body: string | null;
}

const SUBSCRIPTION_COLUMNS =
  'id, url, events, definitions, description, enabled, disabled_reason, disabled_at, consecutive_failures, created_by, created_at';

/** `WebhookStore` on PostgreSQL; workers share deliveries with leases claimed `FOR UPDATE SKIP LOCKED`. */
@Injectable()
export class WebhookRepository extends WebhookStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  create(
    subscription: NewWebhookSubscription,
    maxSubscriptions: number,
    whenCreated: (tx: AuditWriter, created: WebhookSubscriptionView) => Promise<void>,
  ): Promise<WebhookSubscriptionView | null> {
    return inStoreTransaction(this.dataSource, async (manager) => {
      // Serialises creations, so two concurrent ones cannot both pass the count.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('webhook_subscription.create'))`);
      const rows = await manager.query<SubscriptionRow[]>(
        `INSERT INTO webhook_subscription (url, events, definitions, description, sealed_secret, created_by)
         SELECT $1, $2::text[], $3::text[], $4, $5, $6
         WHERE (SELECT count(*) FROM webhook_subscription) < $7
         RETURNING ${SUBSCRIPTION_COLUMNS}`,
        [
          subscription.url,
          subscription.events,
          subscription.definitions,
          subscription.description,
          subscription.sealedSecret,
          subscription.createdBy,
          maxSubscriptions,
        ],
      );
      const row = rows[0];
      if (!row) return null;
      const created = toSubscription(row);
      await whenCreated(auditWriterIn(manager), created);
      return created;
    });
  }

  async list(): Promise<WebhookSubscriptionView[]> {
    const rows = await queryStore<SubscriptionRow[]>(
      this.dataSource,
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscription ORDER BY created_at, id`,
      [],
    );
    return rows.map(toSubscription);
  }

  async get(id: string): Promise<WebhookSubscriptionView | undefined> {
    const rows = await queryStore<SubscriptionRow[]>(this.dataSource, `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscription WHERE id = $1`, [id]);
    return rows[0] ? toSubscription(rows[0]) : undefined;
  }

  remove(id: string, whenRemoved: (tx: AuditWriter) => Promise<void>): Promise<boolean> {
    return inStoreTransaction(this.dataSource, async (manager) => {
      const [, affected] = await manager.query<[unknown, number]>('DELETE FROM webhook_subscription WHERE id = $1', [id]);
      if (affected === 0) return false;
      await whenRemoved(auditWriterIn(manager));
      return true;
    });
  }

  enable(id: string, whenEnabled: (tx: AuditWriter) => Promise<void>): Promise<WebhookSubscriptionView | undefined> {
    return inStoreTransaction(this.dataSource, async (manager) => {
      const [rows] = await manager.query<[SubscriptionRow[], number]>(
        `UPDATE webhook_subscription
         SET enabled = true, disabled_reason = NULL, disabled_at = NULL, consecutive_failures = 0
         WHERE id = $1
         RETURNING ${SUBSCRIPTION_COLUMNS}`,
        [id],
      );
      const row = rows[0];
      if (!row) return undefined;
      // Deliveries that waited while it was disabled are due now.
      await manager.query(`UPDATE webhook_delivery SET next_attempt_at = now() WHERE subscription_id = $1 AND status = 'PENDING'`, [id]);
      await whenEnabled(auditWriterIn(manager));
      return toSubscription(row);
    });
  }

  async fanOut(events: readonly WebhookFanOut[]): Promise<number> {
    if (events.length === 0) return 0;
    // One statement for the batch, no inbox row: the unique (subscription, event) key makes a redelivered event add nothing.
    const created = await queryStore(
      this.dataSource,
      `INSERT INTO webhook_delivery (subscription_id, event_id, saga_id, event, payload)
       SELECT s.id, e.event_id, e.saga_id, e.event, e.payload
       FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[]) AS e(event_id, saga_id, definition, event, payload)
       JOIN webhook_subscription s
         ON s.enabled AND e.event = ANY (s.events) AND (cardinality(s.definitions) = 0 OR e.definition = ANY (s.definitions))
       ON CONFLICT (subscription_id, event_id) DO NOTHING
       RETURNING 1`,
      [
        events.map((e) => e.messageId),
        events.map((e) => e.sagaId),
        events.map((e) => e.definition),
        events.map((e) => e.event),
        events.map((e) => e.payload),
      ],
    );
    return created.length;
  }

  async claimDue(limit: number, leaseMs: number): Promise<ClaimedWebhookDelivery[]> {
    // One statement: pick due deliveries of enabled subscriptions (skipping rows another worker is
    // claiming right now) and push their next attempt past the lease, so no other worker takes them
    // while this attempt runs, and a crashed worker's delivery is due again when the lease ends.
    const [rows] = await queryStore<
      [{ id: string; subscription_id: string; url: string; sealed_secret: string; payload: string; attempts: number }[], number]
    >(
      this.dataSource,
      `UPDATE webhook_delivery d
       SET attempts = d.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
       FROM (
         SELECT d.id FROM webhook_delivery d
         JOIN webhook_subscription s ON s.id = d.subscription_id AND s.enabled
         WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
         ORDER BY d.next_attempt_at
         LIMIT $1
         FOR UPDATE OF d SKIP LOCKED
       ) due, webhook_subscription s
       WHERE d.id = due.id AND s.id = d.subscription_id
       RETURNING d.id, d.subscription_id, s.url, s.sealed_secret, d.payload, d.attempts`,
      [limit, leaseMs],
    );
    return rows.map((row) => ({
      id: row.id,
      subscriptionId: row.subscription_id,
      url: row.url,
      sealedSecret: row.sealed_secret,
      payload: row.payload,
      attempt: row.attempts,
    }));
  }

  async recordAttempt(attempt: WebhookAttemptRecord, consequence: WebhookAttemptConsequence): Promise<void> {
    await inStoreTransaction(this.dataSource, async (manager) => {
      const status: WebhookDeliveryStatus = attempt.succeeded ? 'SUCCEEDED' : consequence.retryInMs === null ? 'FAILED' : 'PENDING';
      // Only the holder of the current lease records: a worker that outlived its lease finds another attempt claimed.
      const [updated] = await manager.query<[{ subscription_id: string }[], number]>(
        `UPDATE webhook_delivery
         SET status = $3, next_attempt_at = CASE WHEN $3 = 'PENDING' THEN now() + $4 * interval '1 millisecond' ELSE next_attempt_at END,
             finished_at = CASE WHEN $3 = 'PENDING' THEN NULL ELSE now() END
         WHERE id = $1 AND attempts = $2 AND status = 'PENDING'
         RETURNING subscription_id`,
        [attempt.deliveryId, attempt.attempt, status, consequence.retryInMs ?? 0],
      );
      const subscriptionId = updated[0]?.subscription_id;
      if (subscriptionId === undefined) return;
      await manager.query(
        `INSERT INTO webhook_attempt (delivery_id, attempt, started_at, duration_ms, succeeded, status_code, error, response_body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [
          attempt.deliveryId,
          attempt.attempt,
          attempt.startedAt,
          attempt.durationMs,
          attempt.succeeded,
          attempt.statusCode,
          attempt.error,
          attempt.responseBody,
        ],
      );
      if (attempt.succeeded) {
        await manager.query('UPDATE webhook_subscription SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0', [subscriptionId]);
        return;
      }
      await manager.query(
        `UPDATE webhook_subscription
         SET consecutive_failures = consecutive_failures + 1,
             enabled = enabled AND consecutive_failures + 1 < $2,
             disabled_at = CASE WHEN enabled AND consecutive_failures + 1 >= $2 THEN now() ELSE disabled_at END,
             disabled_reason = CASE WHEN enabled AND consecutive_failures + 1 >= $2
               THEN format('%s consecutive failed attempts; the last: %s', consecutive_failures + 1, $3::text) ELSE disabled_reason END
         WHERE id = $1`,
        [subscriptionId, consequence.disableAfterFailures, attempt.error ?? 'failed'],
      );
    });
  }

  async listDeliveries(subscriptionId: string, limit: number): Promise<StoredWebhookDelivery[]> {
    const rows = await queryStore<DeliveryRow[]>(
      this.dataSource,
      `SELECT d.id, d.subscription_id, d.event_id, d.saga_id, d.event, d.status, d.next_attempt_at, d.created_at,
              (SELECT json_agg(json_build_object(
                        'attempt', a.attempt, 'started_at', a.started_at, 'duration_ms', a.duration_ms, 'succeeded', a.succeeded,
                        'status_code', a.status_code, 'error', a.error, 'response_body', a.response_body) ORDER BY a.attempt)
               FROM webhook_attempt a WHERE a.delivery_id = d.id) AS attempts_made
       FROM webhook_delivery d
       WHERE d.subscription_id = $1
       ORDER BY d.created_at DESC, d.id
       LIMIT $2`,
      [subscriptionId, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      subscriptionId: row.subscription_id,
      eventId: row.event_id,
      sagaId: row.saga_id,
      event: row.event,
      status: row.status,
      nextAttemptAt: row.status === 'PENDING' ? iso(row.next_attempt_at) : null,
      createdAt: iso(row.created_at),
      attempts: (row.attempts_made ?? []).map(toAttempt),
    }));
  }
}

function toSubscription(row: SubscriptionRow): WebhookSubscriptionView {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    definitions: row.definitions,
    description: row.description,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at ? iso(row.disabled_at) : null,
    consecutiveFailures: row.consecutive_failures,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
  };
}

function toAttempt(row: AttemptJson): WebhookAttemptView {
  return {
    attempt: row.attempt,
    startedAt: iso(row.started_at),
    durationMs: row.duration_ms,
    succeeded: row.succeeded,
    statusCode: row.status_code,
    error: row.error,
    responseBody: row.response_body,
  };
}
