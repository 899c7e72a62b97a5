import { ReplyOutcomes } from '@saga-coordinator/contracts';
import type { DecisionDraft } from '../decision-draft.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { completeCompensation, handleCompensationProblem } from '../transitions/compensation.transition.js';
import { continueCompensation } from '../transitions/continue-compensation.transition.js';
import type { StepReplyReceived } from '../triggers/saga-trigger.js';
import { replyError } from './execute-reply.handler.js';

/**
 * An actionable reply to a compensate command. A compensation must succeed: a `failed` reply is
 * treated like a technical error and retried. A late `compensated` after the budget was spent
 * still counts: the saga resumes compensating.
 */
export function onCompensateReply(draft: DecisionDraft, reply: StepReplyReceived): void {
  if (reply.outcome !== ReplyOutcomes.compensated) {
    handleCompensationProblem(draft, reply.step, replyError(reply, 'technical'));
    return;
  }
  completeCompensation(draft, reply.step, reply.attempt);
  const stuck = Object.values(draft.state.steps).some((step) => step.status === StepStatuses.COMPENSATION_FAILED);
  if (draft.state.status === SagaStatuses.COMPENSATION_FAILED && !stuck) draft.updateSaga({ status: SagaStatuses.COMPENSATING });
  continueCompensation(draft);
}
