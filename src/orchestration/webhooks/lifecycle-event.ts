/**
 * The saga lifecycle events webhooks forward (docs/asyncapi.yaml, channel `saga.events`): one per
 * saga status change, routing key `<definition>.<event>`.
 */
export const LifecycleEvents = {
  /** The saga was created and is RUNNING. */
  Started: 'started',
  /** Every step succeeded. */
  Completed: 'completed',
  /** A step failed: the saga turns back. */
  Compensating: 'compensating',
  /** An operator cancelled the saga: it turns back (instead of `compensating` for that change). */
  Cancelled: 'cancelled',
  /** Every compensation ran: the saga is undone. */
  Compensated: 'compensated',
  /** A compensation failed for good: the saga waits for an operator. */
  CompensationFailed: 'compensation-failed',
} as const;
export type LifecycleEvent = (typeof LifecycleEvents)[keyof typeof LifecycleEvents];

/** Every lifecycle event, in a stable order (schemas, help texts). */
export const AllLifecycleEvents = Object.values(LifecycleEvents) as [LifecycleEvent, ...LifecycleEvent[]];

/** Saga statuses as the events carry them. */
export const LifecycleStatuses = ['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'] as const;
export type LifecycleStatus = (typeof LifecycleStatuses)[number];

/** `SagaStatusChanged`: the body of a lifecycle event, and the `data` of a webhook payload. */
export interface SagaStatusChanged {
  /** Stable: a republish carries the same id. */
  readonly eventId: string;
  readonly sagaId: string;
  readonly definition: string;
  readonly definitionVersion: number;
  readonly event: LifecycleEvent;
  readonly status: LifecycleStatus;
  readonly previousStatus: LifecycleStatus | null;
  /** ISO 8601. */
  readonly occurredAt: string;
  readonly parentSagaId: string | null;
  /** When a failure or a cancel caused the change, if known. */
  readonly failure?: { readonly code: string; readonly message: string };
}

/** The Standard Webhooks payload of one event: `type`, `timestamp`, `data`. */
export interface WebhookPayload {
  /** `saga.<event>`, e.g. `saga.compensated`. */
  readonly type: `saga.${LifecycleEvent}`;
  /** When the status changed (the event's `occurredAt`). */
  readonly timestamp: string;
  readonly data: SagaStatusChanged;
}

/** The payload a subscriber receives for `event`. */
export function toWebhookPayload(event: SagaStatusChanged): WebhookPayload {
  return { type: `saga.${event.event}`, timestamp: event.occurredAt, data: event };
}
