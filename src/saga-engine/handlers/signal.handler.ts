import { FlowNodeTypes } from '../definition/saga-definition.js';
import type { DecisionDraft } from '../decision-draft.js';
import { TimerKinds } from '../decision.js';
import { SignalNotAwaitedError } from '../errors/signal-not-awaited.error.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { advanceForward } from '../transitions/advance-forward.transition.js';
import { finishWaiting } from '../transitions/wait-and-delay.transition.js';
import type { SignalReceived } from '../triggers/saga-trigger.js';

/** The running wait steps for `signal` (several when parallel branches wait for the same one). */
export function waitsForSignal(draft: Pick<DecisionDraft, 'state' | 'node'>, signal: string): string[] {
  if (draft.state.status !== SagaStatuses.RUNNING) return [];
  return Object.entries(draft.state.steps)
    .filter(([, step]) => step.status === StepStatuses.RUNNING)
    .map(([name]) => name)
    .filter((name) => {
      const node = draft.node(name);
      return node.type === FlowNodeTypes.wait && node.signal === signal;
    });
}

/**
 * A signal: every running wait for it succeeds with the payload as output, and the saga moves
 * on. @throws SignalNotAwaitedError when nothing waits for it (too early, a duplicate, or the
 * saga is not running): the caller answers 409 and changes nothing.
 */
export function onSignalReceived(draft: DecisionDraft, trigger: SignalReceived): void {
  const waits = waitsForSignal(draft, trigger.signal);
  if (waits.length === 0) throw new SignalNotAwaitedError(draft.context.sagaId, trigger.signal, draft.state.status);
  for (const name of waits) {
    draft.disarm({ kind: TimerKinds.waitTimeout, step: name, attempt: 1 });
    finishWaiting(draft, name, trigger.payload);
    draft.record({ type: StepLogTypes.SignalReceived, step: name, data: { signal: trigger.signal, payload: trigger.payload ?? null } });
  }
  advanceForward(draft);
}
