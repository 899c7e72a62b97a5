import {
  MessageHeaders,
  MessageTypes,
  PROTOCOL_VERSION,
  type SagaLifecycleEvent,
  SagaLifecycleEvents,
  type SagaStatusChanged,
  sagaEventRoutingKey,
  Topology,
} from '@saga-coordinator/contracts';
import type { SagaState } from '../../saga-engine/state/saga-state.js';
import { type SagaStatus, SagaStatuses } from '../../saga-engine/state/saga-status.js';
import { StepStatuses } from '../../saga-engine/state/step-status.js';
import type { NewOutboxMessage } from '../ports/saga-store.port.js';

/** The saga a lifecycle event is about. */
export interface EventSaga {
  readonly sagaId: string;
  readonly definition: string;
  readonly definitionVersion: number;
}

/** What the change from `previous` to `next` is called; undefined when the status did not change. */
export function lifecycleEventOf(previous: SagaStatus | undefined, next: SagaState): SagaLifecycleEvent | undefined {
  if (previous === next.status) return undefined;
  switch (next.status) {
    case SagaStatuses.RUNNING:
      return SagaLifecycleEvents.started;
    case SagaStatuses.COMPLETED:
      return SagaLifecycleEvents.completed;
    case SagaStatuses.COMPENSATING:
      // An operator's cancel turns the saga back like a failure; subscribers want to tell them apart.
      return next.failure?.reason === 'cancelled' ? SagaLifecycleEvents.cancelled : SagaLifecycleEvents.compensating;
    case SagaStatuses.COMPENSATED:
      return SagaLifecycleEvents.compensated;
    case SagaStatuses.COMPENSATION_FAILED:
      return SagaLifecycleEvents.compensationFailed;
  }
}

/**
 * The lifecycle event rows (to `saga.events`) of one decision: none when the status stayed,
 * one per change otherwise. A saga created already past RUNNING (a definition with nothing to
 * wait for) gets `started` and then its end, so every saga's events begin with `started`.
 * `seq` is the step-log seq of the decision's last entry: with the saga id it makes the event
 * id, stable across republishes and unique across repeated changes (retry, fail again).
 */
export function statusChangedOutboxMessages(
  saga: EventSaga,
  previous: SagaState | undefined,
  next: SagaState,
  seq: number,
  now: string,
): NewOutboxMessage[] {
  const messages: NewOutboxMessage[] = [];
  let from: SagaStatus | undefined = previous?.status;
  if (previous === undefined) {
    messages.push(eventMessage(saga, `${saga.sagaId}:started`, SagaLifecycleEvents.started, SagaStatuses.RUNNING, undefined, next, now));
    from = SagaStatuses.RUNNING;
  }
  const event = lifecycleEventOf(from, next);
  if (event !== undefined) messages.push(eventMessage(saga, `${saga.sagaId}:status:${seq}`, event, next.status, from, next, now));
  return messages;
}

function eventMessage(
  saga: EventSaga,
  eventId: string,
  event: SagaLifecycleEvent,
  status: SagaStatus,
  previousStatus: SagaStatus | undefined,
  state: SagaState,
  now: string,
): NewOutboxMessage {
  const failure = event === SagaLifecycleEvents.started || event === SagaLifecycleEvents.completed ? undefined : failureOf(state);
  const body: SagaStatusChanged = {
    eventId,
    sagaId: saga.sagaId,
    definition: saga.definition,
    definitionVersion: saga.definitionVersion,
    event,
    status,
    previousStatus: previousStatus ?? null,
    occurredAt: now,
    parentSagaId: state.parent?.sagaId ?? null,
    ...(failure !== undefined ? { failure } : {}),
  };
  return {
    messageId: eventId,
    exchange: Topology.eventsExchange,
    routingKey: sagaEventRoutingKey(saga.definition, event),
    type: MessageTypes.sagaStatusChanged,
    correlationId: saga.sagaId,
    headers: { [MessageHeaders.sagaId]: saga.sagaId, [MessageHeaders.protocolVersion]: PROTOCOL_VERSION },
    payload: body,
  };
}

/** Why the saga turned back (or, once a compensation gave up, why that compensation failed). */
function failureOf(state: SagaState): { code: string; message: string } | undefined {
  if (state.status === SagaStatuses.COMPENSATION_FAILED) {
    const stuck = Object.values(state.steps).find((step) => step.status === StepStatuses.COMPENSATION_FAILED);
    const error = stuck?.compensation?.lastError;
    if (error !== undefined) return bounded(error.code, error.message);
  }
  const failure = state.failure;
  if (failure === undefined) return undefined;
  if (failure.error !== undefined) return bounded(failure.error.code, failure.error.message);
  return bounded(failure.reason, failure.message ?? failure.reason);
}

/** Within the contract's bounds, whatever a participant wrote. */
function bounded(code: string, message: string): { code: string; message: string } {
  return { code: code.slice(0, 200) || 'unknown', message: message.slice(0, 4000) };
}
