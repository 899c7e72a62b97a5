import type { AuditWriter } from '../audit/audit-record.js';
import type { LifecycleEvent } from '../webhooks/lifecycle-event.js';
import type { WebhookAttemptView, WebhookDeliveryStatus, WebhookSubscriptionView } from '../views/webhook.view.js';

/** A subscription to store. */
export interface NewWebhookSubscription {
  readonly url: string;
  readonly events: readonly LifecycleEvent[];
  /** Empty: every definition. */
  readonly definitions: readonly string[];
  readonly description: string | null;
  /** The signing secret as `WebhookSecretCodec.seal` wrote it. */
  readonly sealedSecret: string;
  /** `Principal.id` of the creator; null when auth is off. */
  readonly createdBy: string | null;
}

/** One lifecycle event to fan out to the matching subscriptions. */
export interface WebhookFanOut {
  /** The broker message id (the event id): the inbox key. */
  readonly messageId: string;
  readonly sagaId: string;
  readonly definition: string;
  readonly event: LifecycleEvent;
  /** The Standard Webhooks payload as sent (and signed), JSON. */
  readonly payload: string;
}

/** A delivery a worker leased for one attempt. */
export interface ClaimedWebhookDelivery {
  /** The `webhook-id`: the same on every attempt. */
  readonly id: string;
  readonly subscriptionId: string;
  readonly url: string;
  readonly sealedSecret: string;
  readonly payload: string;
  /** 1-based number of the attempt this lease is for. */
  readonly attempt: number;
}

/** What one attempt did. */
export interface WebhookAttemptRecord {
  readonly deliveryId: string;
  readonly attempt: number;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly succeeded: boolean;
  readonly statusCode: number | null;
  /** Why it failed (timeout, refused, non-2xx, blocked address …); null on success. */
  readonly error: string | null;
  /** The first bytes of the answer (bounded by the sender). */
  readonly responseBody: string | null;
}

/** What follows an attempt. */
export interface WebhookAttemptConsequence {
  /** After a failure: retry in this many ms; null: give up (the delivery is `FAILED`). Ignored on success. */
  readonly retryInMs: number | null;
  /** The subscription is disabled when its consecutive failed attempts reach this. */
  readonly disableAfterFailures: number;
}

/** A delivery with its attempts, as the REST API lists it. */
export interface StoredWebhookDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly sagaId: string;
  readonly event: LifecycleEvent;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: WebhookAttemptView[];
  readonly nextAttemptAt: string | null;
  readonly createdAt: string;
}

/** Webhook subscriptions, deliveries and attempts (tables `webhook_subscription`, `webhook_delivery`, `webhook_attempt`). */
export abstract class WebhookStore {
  /**
   * Stores the subscription unless `maxSubscriptions` exist already (then null); `whenCreated`
   * runs in the same transaction (the audit row commits with it or not at all).
   */
  abstract create(
    subscription: NewWebhookSubscription,
    maxSubscriptions: number,
    whenCreated: (tx: AuditWriter, created: WebhookSubscriptionView) => Promise<void>,
  ): Promise<WebhookSubscriptionView | null>;
  /** Oldest first. */
  abstract list(): Promise<WebhookSubscriptionView[]>;
  abstract get(id: string): Promise<WebhookSubscriptionView | undefined>;
  /** Deletes it with its deliveries; false when there was none. `whenRemoved` runs in the same transaction. */
  abstract remove(id: string, whenRemoved: (tx: AuditWriter) => Promise<void>): Promise<boolean>;
  /** Enables it and resets its failure run; undefined when there is none. `whenEnabled` runs in the same transaction. */
  abstract enable(id: string, whenEnabled: (tx: AuditWriter) => Promise<void>): Promise<WebhookSubscriptionView | undefined>;
  /**
   * In one statement, for every event given: a delivery per enabled subscription that matches the
   * event's definition and event, none for a subscription that has this event already (a
   * redelivery, or the same event twice in `events`). Answers the number of deliveries created.
   */
  abstract fanOut(events: readonly WebhookFanOut[]): Promise<number>;
  /**
   * Leases up to `limit` due deliveries of enabled subscriptions for `leaseMs` (rows another
   * replica is claiming are skipped): a delivery whose worker died is due again when its lease ends.
   */
  abstract claimDue(limit: number, leaseMs: number): Promise<ClaimedWebhookDelivery[]>;
  /**
   * Records the attempt and its consequence for the delivery and its subscription, in one
   * transaction; ignored when the lease was lost (another attempt was claimed meanwhile).
   */
  abstract recordAttempt(attempt: WebhookAttemptRecord, consequence: WebhookAttemptConsequence): Promise<void>;
  /** Newest first, with their attempts. */
  abstract listDeliveries(subscriptionId: string, limit: number): Promise<StoredWebhookDelivery[]>;
}
