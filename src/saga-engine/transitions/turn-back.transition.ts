import { TimerKinds } from '../decision.js';
import type { DecisionDraft } from '../decision-draft.js';
import { stepsAwaitingRetry } from '../rules/step-awaiting-reply.rule.js';
import type { SagaFailure } from '../state/saga-state.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { kindOf } from '../nodes/node-kinds.js';
import { cancelRunningChildren } from './child-saga-undo.transition.js';
import { continueCompensation } from './continue-compensation.transition.js';
import { failStep, markStepMaybeDone } from './finish-step.transition.js';

/**
 * The saga stops going forward and undoes what it did. The first failure is the one recorded.
 * A step in retry backoff stops retrying: it counts as maybe-done if an attempt timed out,
 * otherwise as failed (its attempts all errored, so nothing to undo).
 */
export function turnBack(draft: DecisionDraft, failure: SagaFailure): void {
  if (draft.state.status === SagaStatuses.RUNNING) {
    cancelRunningChildren(draft);
    draft.updateSaga({ status: SagaStatuses.COMPENSATING, failure });
    if (draft.definition.deadlineMs !== undefined && failure.reason !== 'deadline-exceeded') {
      draft.disarm({ kind: TimerKinds.sagaDeadline });
    }
  }
  interruptRunningNodes(draft);
  for (const name of stepsAwaitingRetry(draft.state)) stopStepInBackoff(draft, name, failure);
  continueCompensation(draft);
}

/** Running nodes whose kind stops them when the saga turns back (waits and delays: they did nothing to undo). */
function interruptRunningNodes(draft: DecisionDraft): void {
  for (const [name, step] of Object.entries(draft.state.steps)) {
    if (step.status !== StepStatuses.RUNNING) continue;
    const node = draft.node(name);
    kindOf(node).onTurnBack?.(draft, node);
  }
}

function stopStepInBackoff(draft: DecisionDraft, name: string, failure: SagaFailure): void {
  const step = draft.step(name);
  const error = step.lastError ?? { kind: 'technical', code: failure.reason, message: `The saga turned back (${failure.reason}).` };
  const data = { turnedBack: failure.reason };
  if (step.maybeDone === true) markStepMaybeDone(draft, name, error, data);
  else failStep(draft, name, error, data);
}
