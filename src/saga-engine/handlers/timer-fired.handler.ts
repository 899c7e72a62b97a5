import { TimerKinds } from '../decision.js';
import type { DecisionDraft } from '../decision-draft.js';
import { kindOf } from '../nodes/node-kinds.js';
import { StepLogTypes } from '../step-log-type.js';
import { turnBack } from '../transitions/turn-back.transition.js';
import type { TimerFired } from '../triggers/saga-trigger.js';

/**
 * A due (not stale) timer: the saga's deadline turns it back; a node's timer goes to its kind
 * (a step's timeout counts as a technical problem, its retry timer sends the next attempt, a
 * wait's timeout fails it, a delay's ends it, a child's timeout cancels the child).
 */
export function onTimerFired(draft: DecisionDraft, timer: TimerFired): void {
  if (timer.kind === TimerKinds.sagaDeadline) {
    draft.record({ type: StepLogTypes.SagaDeadlineExceeded, data: { deadlineMs: draft.definition.deadlineMs ?? null } });
    turnBack(draft, { reason: 'deadline-exceeded' });
    return;
  }
  // Not stale, so step and attempt are present and known, and the timer is one of the node's kind.
  const node = draft.node(timer.step ?? '');
  kindOf(node).onTimer?.(draft, node, timer);
}
