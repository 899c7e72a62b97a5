import { SagaLifecycleEvents, type SagaLifecycleEvent, type SagaStatusChanged } from '@saga-coordinator/contracts';

/**
 * The saga lifecycle events webhooks forward: the contract's `SagaStatusChanged` (docs/asyncapi.yaml,
 * exchange `saga.events`), one per saga status change.
 */
export type LifecycleEvent = SagaLifecycleEvent;
export type { SagaStatusChanged };

/** Every lifecycle event, in the contract's order (schemas, help texts). */
export const AllLifecycleEvents = Object.values(SagaLifecycleEvents) as [LifecycleEvent, ...LifecycleEvent[]];

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
