import { FlowNodeTypes } from '../definition/saga-definition.js';
import type { DecisionDraft } from '../decision-draft.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';

/**
 * Compensating a child node: the child saga is asked to undo itself and the node stays
 * COMPENSATING until the child reports COMPENSATED (no timer: the child's own compensations
 * carry their retry budgets, and a stuck child is flagged on its own row).
 */
export function startChildCompensation(draft: DecisionDraft, name: string, attempt: number): void {
  const step = draft.step(name);
  draft.updateStep(name, {
    status: StepStatuses.COMPENSATING,
    compensation: {
      ...step.compensation,
      attempt,
      startedAt: step.compensation?.startedAt ?? draft.context.now,
      nextAttemptAt: undefined,
      budgetStartAttempt: 1,
    },
  });
  draft.record({ type: StepLogTypes.CompensationStarted, step: name, attempt });
  draft.compensateChild({ step: name, reason: 'compensate', attempt });
}

/** The saga turned back while child sagas ran: each is asked to turn back too (its outcome is still awaited). */
export function cancelRunningChildren(draft: DecisionDraft): void {
  for (const [name, step] of Object.entries(draft.state.steps)) {
    if (step.status !== StepStatuses.RUNNING || draft.node(name).type !== FlowNodeTypes.child) continue;
    draft.compensateChild({ step: name, reason: 'cancel', attempt: step.attempt });
  }
}
