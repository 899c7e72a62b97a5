import { TimerKinds } from '../decision.js';
import type { DecisionDraft } from '../decision-draft.js';
import { nextStepToStart } from '../rules/next-step-to-start.rule.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { startStepAttempt } from './start-step-attempt.transition.js';

/** Starts the next pending step, or completes the saga when none is left. */
export function advanceForward(draft: DecisionDraft): void {
  const next = nextStepToStart(draft.definition, draft.state);
  if (next) startStepAttempt(draft, next, 1);
  else completeSaga(draft);
}

/** Every step succeeded: the saga's output is the map of step outputs. */
function completeSaga(draft: DecisionDraft): void {
  const output: Record<string, unknown> = {};
  for (const step of draft.definition.steps) {
    const state = draft.state.steps[step.name];
    if (state?.status === StepStatuses.SUCCEEDED) output[step.name] = state.output ?? null;
  }
  draft.updateSaga({ status: SagaStatuses.COMPLETED, output });
  draft.record({ type: StepLogTypes.SagaCompleted, data: { output } });
  if (draft.definition.deadlineMs !== undefined) draft.disarm({ kind: TimerKinds.sagaDeadline });
}
