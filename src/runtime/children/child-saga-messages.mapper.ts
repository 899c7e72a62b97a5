import { v5 as uuidv5 } from 'uuid';
import { type ChildSagaFinishedMessage, type CompensateChildSagaMessage, MessageHeaders, MessageTypes, Topology } from '@saga-coordinator/contracts';
import type { ChildSagaToCompensate, ParentNotice } from '../../saga-engine/decision.js';
import type { NewOutboxMessage } from '../ports/saga-store.port.js';

/** Namespace of child saga ids (uuid v5): any fixed uuid, never to change (ids already issued depend on it). */
const ChildSagaIdNamespace = '6f1d9a52-7c1e-4c55-9a0e-2b8f3f2f7a10';

/**
 * The id of the child saga a parent's child node starts: derived from the parent's id and the
 * node's name, so a redelivered or retried trigger can never create a second child.
 */
export function childSagaId(parentSagaId: string, step: string): string {
  return uuidv5(`${parentSagaId}:${step}`, ChildSagaIdNamespace);
}

/** The outbox row asking a child saga to undo itself, to the coordinator's own inbound queue. */
export function compensateChildOutboxMessage(parentSagaId: string, request: ChildSagaToCompensate, now: string): NewOutboxMessage {
  const messageId =
    request.reason === 'cancel'
      ? `${parentSagaId}:${request.step}:cancel-child`
      : `${parentSagaId}:${request.step}:compensate-child:${request.attempt}`;
  const childId = childSagaId(parentSagaId, request.step);
  const body: CompensateChildSagaMessage = { messageId, childSagaId: childId, parentSagaId, step: request.step, reason: request.reason, sentAt: now };
  return {
    messageId,
    exchange: Topology.coordinatorExchange,
    routingKey: Topology.compensateChildRoutingKey,
    type: MessageTypes.compensateChildSaga,
    correlationId: childId,
    headers: { [MessageHeaders.sagaId]: childId, [MessageHeaders.step]: request.step },
    payload: body,
  };
}

/** The outbox row telling the parent how its child saga ended, to the coordinator's own inbound queue. */
export function childFinishedOutboxMessage(childId: string, notice: ParentNotice, now: string): NewOutboxMessage {
  const messageId = `${childId}:finished:${notice.sequence}`;
  const body: ChildSagaFinishedMessage = {
    messageId,
    parentSagaId: notice.parentSagaId,
    step: notice.step,
    childSagaId: childId,
    status: notice.status,
    ...(notice.output !== undefined ? { output: notice.output } : {}),
    ...(notice.failure !== undefined ? { failure: notice.failure } : {}),
    sentAt: now,
  };
  return {
    messageId,
    exchange: Topology.coordinatorExchange,
    routingKey: Topology.childFinishedRoutingKey,
    type: MessageTypes.childSagaFinished,
    correlationId: notice.parentSagaId,
    headers: { [MessageHeaders.sagaId]: notice.parentSagaId, [MessageHeaders.step]: notice.step },
    payload: body,
  };
}
