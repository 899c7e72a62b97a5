import type { Decision } from '../../saga-engine/decision.js';
import type { SagaWrite } from '../ports/saga-store.port.js';
import type { TraceCarrier } from '../ports/saga-tracer.port.js';
import { stepCommandOutboxMessage } from './step-command-outbox.util.js';

/**
 * Everything a decision makes the store write: commands become outbox rows stamped with `now`,
 * carrying `trace` (W3C headers) so the participant continues the saga's trace.
 */
export function decisionToWrite(sagaId: string, decision: Decision, now: string, trace: TraceCarrier = {}): SagaWrite {
  return {
    state: decision.state,
    log: decision.log,
    outbox: decision.commands.map((command) => {
      const message = stepCommandOutboxMessage(sagaId, command, now);
      return { ...message, headers: { ...message.headers, ...trace } };
    }),
    armTimers: decision.timers,
    cancelTimers: decision.cancelTimers,
  };
}
