import { z } from 'zod';

/** A saga status, as lifecycle events name it. */
export const SagaEventStatus = z.enum(['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED']);
export type SagaEventStatus = z.infer<typeof SagaEventStatus>;

/** What happened to the saga: the last segment of the routing key `<definition>.<event>`. */
export const SagaLifecycleEvents = {
  /** The saga was created (RUNNING). */
  started: 'started',
  /** Every step succeeded (COMPLETED). */
  completed: 'completed',
  /** A step failed or a deadline passed: the saga turned back (COMPENSATING). */
  compensating: 'compensating',
  /** An operator (or the parent saga) cancelled it: the saga turned back (COMPENSATING). */
  cancelled: 'cancelled',
  /** Every effect was undone (COMPENSATED). */
  compensated: 'compensated',
  /** A compensation spent its retry budget: an operator must act (COMPENSATION_FAILED). */
  compensationFailed: 'compensation-failed',
} as const;
export const SagaLifecycleEvent = z.enum(SagaLifecycleEvents);
export type SagaLifecycleEvent = (typeof SagaLifecycleEvents)[keyof typeof SagaLifecycleEvents];

/**
 * Coordinator → anyone: a saga's status changed. Published through the outbox (written in the
 * transaction that changed the status; at least once, in commit order per saga) to the topic
 * exchange `saga.events` with routing key `<definition>.<event>`. Consumers dedupe by
 * `eventId` (= the AMQP `messageId`) and ignore fields they do not know.
 */
export const SagaStatusChanged = z
  .object({
    /** Deterministic: `<sagaId>:started` or `<sagaId>:status:<step-log seq>`; a republish carries the same id. */
    eventId: z.string().min(1).max(200),
    sagaId: z.string().uuid(),
    definition: z.string().min(1).max(200),
    definitionVersion: z.number().int().min(1),
    event: SagaLifecycleEvent,
    status: SagaEventStatus,
    previousStatus: SagaEventStatus.nullable(),
    occurredAt: z.string().datetime({ offset: true }),
    parentSagaId: z.string().uuid().nullable(),
    failure: z.object({ code: z.string().min(1).max(200), message: z.string().max(4000) }).optional(),
  })
  .meta({ id: 'SagaStatusChanged' });
export type SagaStatusChanged = z.infer<typeof SagaStatusChanged>;

/** Routing key of a lifecycle event on `saga.events`: `<definition>.<event>` (definition names have no dots). */
export function sagaEventRoutingKey(definition: string, event: SagaLifecycleEvent): string {
  return `${definition}.${event}`;
}
