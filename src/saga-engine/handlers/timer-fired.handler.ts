import { TimerKinds } from '../decision.js';
import type { DecisionDraft } from '../decision-draft.js';
import { StepLogTypes } from '../step-log-type.js';
import { handleCompensationProblem, startCompensationAttempt } from '../transitions/compensation.transition.js';
import { handleStepProblem } from '../transitions/handle-step-problem.transition.js';
import { startStepAttempt } from '../transitions/start-step-attempt.transition.js';
import { turnBack } from '../transitions/turn-back.transition.js';
import type { TimerFired } from '../triggers/saga-trigger.js';

/** A due (not stale) timer: a timeout counts as a technical problem, a retry timer sends the next attempt. */
export function onTimerFired(draft: DecisionDraft, timer: TimerFired): void {
  if (timer.kind === TimerKinds.sagaDeadline) {
    draft.record({ type: StepLogTypes.SagaDeadlineExceeded, data: { deadlineMs: draft.definition.deadlineMs ?? null } });
    turnBack(draft, { reason: 'deadline-exceeded' });
    return;
  }
  // Not stale, so step and attempt are present and known.
  const name = timer.step ?? '';
  const attempt = timer.attempt ?? 0;
  const definition = draft.stepDefinition(name);
  switch (timer.kind) {
    case TimerKinds.stepTimeout:
      draft.record({ type: StepLogTypes.StepTimedOut, step: name, attempt, data: { timeoutMs: definition.timeoutMs } });
      handleStepProblem(draft, name, {
        kind: 'timeout',
        code: 'step-timeout',
        message: `No reply within ${definition.timeoutMs} ms.`,
      });
      return;
    case TimerKinds.stepRetry:
      startStepAttempt(draft, definition, attempt + 1);
      return;
    case TimerKinds.compensationTimeout:
      handleCompensationProblem(draft, name, {
        kind: 'timeout',
        code: 'compensation-timeout',
        message: `No compensation reply within ${definition.timeoutMs} ms.`,
      });
      return;
    case TimerKinds.compensationRetry:
      startCompensationAttempt(draft, name, attempt + 1);
  }
}
