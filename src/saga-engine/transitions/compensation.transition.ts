import { CommandKinds, MAX_COMMAND_PAYLOAD_BYTES } from '@saga-coordinator/contracts';
import { jsonByteLengthWithin } from '../definition/json-size.util.js';
import { PayloadFailureCodes } from './payload-failure-code.js';
import { FlowNodeTypes } from '../definition/saga-definition.js';
import { startChildCompensation } from './child-saga-undo.transition.js';
import { TimerKinds } from '../decision.js';
import type { DecisionDraft } from '../decision-draft.js';
import { hasCompensationBudgetLeft } from '../rules/has-retry-budget-left.rule.js';
import { retryDelayMs } from '../rules/retry-delay.rule.js';
import type { StepError } from '../state/saga-state.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';

/**
 * Sends `attempt` of a step's compensate command (payload: saga input and the step's own output,
 * null when the step only maybe ran) and arms its timeout. `budgetStartAttempt` restarts the
 * retry budget (an operator retry); by default the current budget carries on.
 */
export function startCompensationAttempt(draft: DecisionDraft, name: string, attempt: number, budgetStartAttempt?: number): void {
  if (draft.node(name).type === FlowNodeTypes.child) {
    startChildCompensation(draft, name, attempt);
    return;
  }
  const definition = draft.stepDefinition(name);
  const step = draft.step(name);
  const payload = { input: draft.state.input, output: step.status === StepStatuses.SUCCEEDED ? (step.output ?? null) : null };
  draft.updateStep(name, {
    status: StepStatuses.COMPENSATING,
    compensation: {
      ...step.compensation,
      attempt,
      startedAt: step.compensation?.startedAt ?? draft.context.now,
      nextAttemptAt: undefined,
      budgetStartAttempt: budgetStartAttempt ?? step.compensation?.budgetStartAttempt ?? 1,
    },
  });
  draft.record({ type: StepLogTypes.CompensationStarted, step: name, attempt });
  if (jsonByteLengthWithin(payload, MAX_COMMAND_PAYLOAD_BYTES) === undefined) {
    // Deterministic: a retry would build the same payload, so no retry budget is spent on it.
    failCompensation(draft, name, {
      kind: 'business',
      code: PayloadFailureCodes.tooLarge,
      message: `The compensate payload of step "${name}" (saga input and step output) is larger than the ${MAX_COMMAND_PAYLOAD_BYTES}-byte limit of a command payload: resolve the step by hand.`,
    });
    return;
  }
  draft.send({
    step: name,
    participant: definition.participant,
    command: definition.compensation ?? definition.command,
    kind: CommandKinds.compensate,
    attempt,
    payload,
    timeoutMs: definition.timeoutMs,
  });
  draft.arm({ kind: TimerKinds.compensationTimeout, step: name, attempt, dueInMs: definition.timeoutMs });
}

/** The compensation is done (or the step had nothing to undo). */
export function completeCompensation(draft: DecisionDraft, name: string, replyAttempt: number): void {
  const compensation = draft.step(name).compensation;
  if (!compensation) return;
  draft.disarm({ kind: TimerKinds.compensationTimeout, step: name, attempt: compensation.attempt });
  if (compensation.nextAttemptAt !== undefined) {
    draft.disarm({ kind: TimerKinds.compensationRetry, step: name, attempt: compensation.attempt });
  }
  draft.updateStep(name, {
    status: StepStatuses.COMPENSATED,
    compensation: { ...compensation, finishedAt: draft.context.now, nextAttemptAt: undefined },
  });
  draft.record({ type: StepLogTypes.CompensationSucceeded, step: name, attempt: replyAttempt });
}

/**
 * A compensation attempt errored or timed out: retry on its own budget, or, when spent, stop the
 * saga in COMPENSATION_FAILED. Nothing before it is undone until an operator acts.
 */
export function handleCompensationProblem(draft: DecisionDraft, name: string, error: StepError): void {
  const definition = draft.stepDefinition(name);
  const compensation = draft.step(name).compensation;
  if (!compensation) return;
  if (hasCompensationBudgetLeft(definition, compensation)) {
    const delayMs = retryDelayMs(definition.compensationRetry, compensation.attempt, draft.context.random);
    const nextAttemptAt = draft.at(delayMs);
    draft.updateStep(name, { compensation: { ...compensation, lastError: error, nextAttemptAt } });
    draft.record({
      type: StepLogTypes.CompensationRetryScheduled,
      step: name,
      attempt: compensation.attempt,
      data: { error, delayMs, nextAttemptAt },
    });
    draft.arm({ kind: TimerKinds.compensationRetry, step: name, attempt: compensation.attempt, dueInMs: delayMs });
    return;
  }
  failCompensation(draft, name, error);
}

/** The compensation cannot succeed without an operator: the saga stops in COMPENSATION_FAILED. */
function failCompensation(draft: DecisionDraft, name: string, error: StepError): void {
  const compensation = draft.step(name).compensation!;
  draft.updateStep(name, {
    status: StepStatuses.COMPENSATION_FAILED,
    compensation: { ...compensation, lastError: error, nextAttemptAt: undefined },
  });
  draft.updateSaga({ status: SagaStatuses.COMPENSATION_FAILED });
  draft.record({ type: StepLogTypes.CompensationFailed, step: name, attempt: compensation.attempt, data: { error } });
  draft.record({ type: StepLogTypes.SagaCompensationFailed, step: name, data: { error } });
}
