import { ReplyOutcomes } from '@saga-coordinator/contracts';
import { StepKinds } from '../definition/saga-definition.js';
import type { DecisionDraft } from '../decision-draft.js';
import type { StepError } from '../state/saga-state.js';
import { SagaStatuses } from '../state/saga-status.js';
import { advanceForward } from '../transitions/advance-forward.transition.js';
import { continueCompensation } from '../transitions/continue-compensation.transition.js';
import { failStep, succeedStep } from '../transitions/finish-step.transition.js';
import { handleStepProblem } from '../transitions/handle-step-problem.transition.js';
import { turnBack } from '../transitions/turn-back.transition.js';
import type { StepReplyReceived } from '../triggers/saga-trigger.js';

/** An actionable (not stale) reply to an execute command. */
export function onExecuteReply(draft: DecisionDraft, reply: StepReplyReceived): void {
  switch (reply.outcome) {
    case ReplyOutcomes.succeeded:
      onStepSucceeded(draft, reply);
      return;
    case ReplyOutcomes.failed:
      onBusinessFailure(draft, reply);
      return;
    default:
      handleStepProblem(draft, reply.step, replyError(reply, 'technical'));
  }
}

function onStepSucceeded(draft: DecisionDraft, reply: StepReplyReceived): void {
  succeedStep(draft, reply.step, reply.output, reply.attempt);
  if (draft.state.status === SagaStatuses.RUNNING) {
    advanceForward(draft);
    return;
  }
  // The saga was cancelled (or hit its deadline) while this step ran: now undo it too.
  continueCompensation(draft);
}

/** Final for compensatable and pivot steps; a retriable step must succeed, so it is retried instead. */
function onBusinessFailure(draft: DecisionDraft, reply: StepReplyReceived): void {
  const error = replyError(reply, 'business');
  if (draft.stepDefinition(reply.step).kind === StepKinds.retriable) {
    handleStepProblem(draft, reply.step, { ...error, kind: 'technical' }, { businessFailureTreatedAsTechnical: true });
    return;
  }
  failStep(draft, reply.step, error);
  if (draft.state.status === SagaStatuses.RUNNING) turnBack(draft, { step: reply.step, reason: 'step-failed', error });
  else continueCompensation(draft);
}

/** The reply's failure as a step error; replies without details get a generic one. */
export function replyError(reply: StepReplyReceived, kind: StepError['kind']): StepError {
  return {
    kind,
    code: reply.failure?.code ?? (kind === 'business' ? 'business-failure' : 'technical-error'),
    message: reply.failure?.message ?? '',
  };
}
