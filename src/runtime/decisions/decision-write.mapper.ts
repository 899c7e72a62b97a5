import type { Decision } from '../../saga-engine/decision.js';
import type { NewOutboxMessage, SagaWrite } from '../ports/saga-store.port.js';
import type { TraceCarrier } from '../../observability/tracing/saga-tracer.port.js';
import { childFinishedOutboxMessage, compensateChildOutboxMessage } from '../children/child-saga-messages.mapper.js';
import { stepCommandOutboxMessage } from './step-command-outbox.mapper.js';

/**
 * Everything a decision makes the store write: commands become outbox rows stamped with `now`,
 * carrying `trace` (W3C headers) so the participant continues the saga's trace. `events`: the
 * lifecycle events of the status change (saga-status-events.mapper.ts), written with them.
 */
export function decisionToWrite(
  sagaId: string,
  decision: Decision,
  now: string,
  trace: TraceCarrier = {},
  events: readonly NewOutboxMessage[] = [],
): SagaWrite {
  return {
    state: decision.state,
    log: decision.log,
    outbox: [
      ...decision.commands.map((command) => stepCommandOutboxMessage(sagaId, command, now)),
      // Parent ↔ child saga messages go to the coordinator's own queue, never locking both sagas at once.
      ...(decision.compensateChildren ?? []).map((request) => compensateChildOutboxMessage(sagaId, request, now)),
      ...(decision.parentNotice !== undefined ? [childFinishedOutboxMessage(sagaId, decision.parentNotice, now)] : []),
      ...events,
    ].map((message) => ({ ...message, headers: { ...message.headers, ...trace } })),
    armTimers: decision.timers,
    cancelTimers: decision.cancelTimers,
  };
}
