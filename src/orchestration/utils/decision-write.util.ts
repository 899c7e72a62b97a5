import type { Decision } from '../../saga-engine/decision.js';
import type { SagaWrite } from '../ports/saga-store.port.js';
import { stepCommandOutboxMessage } from './step-command-outbox.util.js';

/** Everything a decision makes the store write: commands become outbox rows stamped with `now`. */
export function decisionToWrite(sagaId: string, decision: Decision, now: string): SagaWrite {
  return {
    state: decision.state,
    log: decision.log,
    outbox: decision.commands.map((command) => stepCommandOutboxMessage(sagaId, command, now)),
    armTimers: decision.timers,
    cancelTimers: decision.cancelTimers,
  };
}
