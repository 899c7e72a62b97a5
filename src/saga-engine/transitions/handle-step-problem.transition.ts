import { TimerKinds } from '../decision.js';
import type { DecisionDraft } from '../decision-draft.js';
import { hasRetryBudgetLeft } from '../rules/has-retry-budget-left.rule.js';
import { retryDelayMs } from '../rules/retry-delay.rule.js';
import type { StepError } from '../state/saga-state.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { continueCompensation } from './continue-compensation.transition.js';
import { failStep, markStepMaybeDone } from './finish-step.transition.js';
import { turnBack } from './turn-back.transition.js';

/**
 * An execute attempt errored technically or timed out. While the saga runs forward and the step
 * has budget left, a retry is scheduled after a backoff. Otherwise the step ends: TIMED_OUT
 * (maybe-done, compensated) if any attempt timed out, else FAILED; and the saga turns back
 * (or, if it already is, carries on compensating).
 */
export function handleStepProblem(draft: DecisionDraft, name: string, error: StepError, data: Record<string, unknown> = {}): void {
  const definition = draft.stepDefinition(name);
  const step = draft.step(name);
  const maybeDone = step.maybeDone === true || error.kind === 'timeout';
  if (draft.state.status === SagaStatuses.RUNNING && hasRetryBudgetLeft(definition, step.attempt, maybeDone)) {
    const delayMs = retryDelayMs(definition.retry, step.attempt, draft.context.random);
    const nextAttemptAt = draft.at(delayMs);
    draft.updateStep(name, { lastError: error, maybeDone: maybeDone || undefined, nextAttemptAt });
    draft.record({
      type: StepLogTypes.StepRetryScheduled,
      step: name,
      attempt: step.attempt,
      data: { error, delayMs, nextAttemptAt, ...data },
    });
    draft.arm({ kind: TimerKinds.stepRetry, step: name, attempt: step.attempt, dueInMs: delayMs });
    return;
  }
  const outcome = { retriesExhausted: draft.state.status === SagaStatuses.RUNNING, ...data };
  if (maybeDone) markStepMaybeDone(draft, name, error, outcome, error.kind === 'timeout');
  else failStep(draft, name, error, outcome);
  if (draft.state.status === SagaStatuses.RUNNING) turnBack(draft, { step: name, reason: 'step-failed', error });
  else continueCompensation(draft);
}
