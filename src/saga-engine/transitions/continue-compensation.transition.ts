import type { DecisionDraft } from '../decision-draft.js';
import { stepAwaitingReply } from '../rules/step-awaiting-reply.rule.js';
import { stepsToCompensate } from '../rules/steps-to-compensate.rule.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { startCompensationAttempt } from './compensation.transition.js';

/**
 * Moves a turning-back saga on: while a step's execute command is still unanswered it waits
 * (that step's outcome decides whether it must be undone); otherwise it skips the steps that
 * never ran and starts the next compensation in strict reverse completion order, one at a
 * time, or finishes the saga as COMPENSATED when nothing is left to undo.
 */
export function continueCompensation(draft: DecisionDraft): void {
  if (stepAwaitingReply(draft.state) !== undefined) return;
  skipPendingSteps(draft);
  const [next] = stepsToCompensate(draft.definition, draft.state);
  if (next !== undefined) {
    startCompensationAttempt(draft, next, 1, 1);
    return;
  }
  draft.updateSaga({ status: SagaStatuses.COMPENSATED });
  draft.record({ type: StepLogTypes.SagaCompensated });
}

function skipPendingSteps(draft: DecisionDraft): void {
  for (const step of draft.definition.steps) {
    if (draft.state.steps[step.name]?.status !== StepStatuses.PENDING) continue;
    draft.updateStep(step.name, { status: StepStatuses.SKIPPED });
    draft.record({ type: StepLogTypes.StepSkipped, step: step.name });
  }
}
