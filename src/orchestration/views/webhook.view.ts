import type { LifecycleEvent } from '../webhooks/lifecycle-event.js';

/** Where a delivery stands. */
export const WebhookDeliveryStatuses = {
  /** Not delivered yet: waiting for its next attempt (also while its subscription is disabled). */
  Pending: 'PENDING',
  /** The receiver answered 2xx. */
  Succeeded: 'SUCCEEDED',
  /** Every attempt failed: given up. */
  Failed: 'FAILED',
} as const;
export type WebhookDeliveryStatus = (typeof WebhookDeliveryStatuses)[keyof typeof WebhookDeliveryStatuses];

/** A webhook subscription (never with its secret). */
export interface WebhookSubscriptionView {
  readonly id: string;
  readonly url: string;
  readonly events: LifecycleEvent[];
  /** Empty: every definition. */
  readonly definitions: string[];
  readonly description: string | null;
  readonly enabled: boolean;
  /** Why it was disabled; null while enabled. */
  readonly disabledReason: string | null;
  readonly disabledAt: string | null;
  /** Failed attempts since the last successful one. */
  readonly consecutiveFailures: number;
  readonly createdBy: string | null;
  readonly createdAt: string;
}

/** A just created subscription, with the secret it signs with: shown this once. */
export interface CreatedWebhookView {
  readonly subscription: WebhookSubscriptionView;
  readonly secret: string;
}

/** One delivery attempt. */
export interface WebhookAttemptView {
  readonly attempt: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly succeeded: boolean;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly responseBody: string | null;
}

/** One event for one subscription, with its attempts. */
export interface WebhookDeliveryView {
  /** The `webhook-id` header: the same on every attempt, for the receiver to deduplicate. */
  readonly id: string;
  readonly eventId: string;
  readonly sagaId: string;
  readonly event: LifecycleEvent;
  readonly status: WebhookDeliveryStatus;
  readonly nextAttemptAt: string | null;
  readonly createdAt: string;
  readonly attempts: WebhookAttemptView[];
}
