import { causalSuccessors, isLeaf } from '../definition/flow.util.js';
import type { DecisionDraft } from '../decision-draft.js';
import { participantStepsAwaitingReply } from '../rules/step-awaiting-reply.rule.js';
import { compensationsReadyToStart } from '../rules/steps-to-compensate.rule.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { startCompensationAttempt } from './compensation.transition.js';

/**
 * Moves a turning-back saga on: while any step's execute command is still unanswered it waits
 * (each outcome decides whether that step must be undone); otherwise it skips the nodes that
 * never ran and starts every compensation whose causal successors are all undone: strict
 * reverse within a sequence, independent parallel branches concurrently. The saga is
 * COMPENSATED when nothing is left, COMPENSATION_FAILED while a compensation is stuck.
 */
export function continueCompensation(draft: DecisionDraft): void {
  if (participantStepsAwaitingReply(draft.definition, draft.state).length > 0) return;
  closeUnfinishedNodes(draft);
  for (const name of compensationsReadyToStart(draft.definition, draft.state, causalSuccessors(draft.definition))) {
    startCompensationAttempt(draft, name, 1, 1);
  }
  const statuses = Object.values(draft.state.steps).map((step) => step.status);
  if (statuses.includes(StepStatuses.COMPENSATION_FAILED)) {
    draft.updateSaga({ status: SagaStatuses.COMPENSATION_FAILED });
    return;
  }
  if (statuses.includes(StepStatuses.COMPENSATING)) return;
  draft.updateSaga({ status: SagaStatuses.COMPENSATED });
  draft.record({ type: StepLogTypes.SagaCompensated });
}

/** Pending nodes never ran (SKIPPED); parallel groups and choices cut short by turning back are FAILED. */
function closeUnfinishedNodes(draft: DecisionDraft): void {
  for (const [name, step] of Object.entries(draft.state.steps)) {
    if (step.status === StepStatuses.PENDING) {
      draft.updateStep(name, { status: StepStatuses.SKIPPED });
      draft.record({ type: StepLogTypes.StepSkipped, step: name });
    } else if (step.status === StepStatuses.RUNNING && !isLeaf(draft.node(name))) {
      draft.updateStep(name, { status: StepStatuses.FAILED, finishedAt: draft.context.now });
    }
  }
}
