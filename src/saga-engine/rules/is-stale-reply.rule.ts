import { CommandKinds, ReplyOutcomes } from '@saga-coordinator/contracts';
import type { IgnoreReason } from '../ignore-reason.js';
import { IgnoreReasons } from '../ignore-reason.js';
import type { SagaState, StepState } from '../state/saga-state.js';
import { isSagaFinished } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import type { StepReplyReceived } from '../triggers/saga-trigger.js';

/**
 * Why a reply must change nothing (duplicate, late, stale attempt, finished saga), or undefined
 * when it is actionable. A success counts for any attempt up to the current one: the
 * participant's fence makes the effect once, whichever attempt carried it.
 */
export function whyReplyIsStale(state: SagaState, reply: StepReplyReceived): IgnoreReason | undefined {
  if (isSagaFinished(state.status)) return IgnoreReasons.sagaFinished;
  const step = state.steps[reply.step];
  if (!step) return IgnoreReasons.unknownStep;
  return reply.kind === CommandKinds.execute ? whyExecuteReplyIsStale(step, reply) : whyCompensateReplyIsStale(step, reply);
}

/** True when the reply must change nothing. */
export function isStaleReply(state: SagaState, reply: StepReplyReceived): boolean {
  return whyReplyIsStale(state, reply) !== undefined;
}

function whyExecuteReplyIsStale(step: StepState, reply: StepReplyReceived): IgnoreReason | undefined {
  if (reply.outcome === ReplyOutcomes.compensated) return IgnoreReasons.outcomeDoesNotMatchKind;
  if (step.status !== StepStatuses.RUNNING) return IgnoreReasons.stepNotRunning;
  if (reply.attempt > step.attempt) return IgnoreReasons.unknownAttempt;
  if (reply.outcome === ReplyOutcomes.succeeded) return undefined;
  if (reply.attempt < step.attempt) return IgnoreReasons.olderAttempt;
  if (step.nextAttemptAt !== undefined) return IgnoreReasons.attemptAlreadyHandled;
  return undefined;
}

function whyCompensateReplyIsStale(step: StepState, reply: StepReplyReceived): IgnoreReason | undefined {
  if (reply.outcome === ReplyOutcomes.succeeded) return IgnoreReasons.outcomeDoesNotMatchKind;
  const compensation = step.compensation;
  const lateSuccessAfterGivingUp = step.status === StepStatuses.COMPENSATION_FAILED && reply.outcome === ReplyOutcomes.compensated;
  if (!compensation || (step.status !== StepStatuses.COMPENSATING && !lateSuccessAfterGivingUp)) {
    return IgnoreReasons.stepNotCompensating;
  }
  if (reply.attempt > compensation.attempt) return IgnoreReasons.unknownAttempt;
  if (reply.outcome === ReplyOutcomes.compensated) return undefined;
  if (reply.attempt < compensation.attempt) return IgnoreReasons.olderAttempt;
  if (compensation.nextAttemptAt !== undefined) return IgnoreReasons.attemptAlreadyHandled;
  return undefined;
}
