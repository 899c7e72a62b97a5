import { walkFlow } from '../definition/flow.util.js';
import type { SagaDefinition } from '../definition/saga-definition.js';
import { TimerKinds } from '../decision.js';
import type { DecisionDraft } from '../decision-draft.js';
import type { SagaParent, SagaState, StepState } from '../state/saga-state.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { advanceForward } from '../transitions/advance-forward.transition.js';

/** A saga that has not done anything yet: RUNNING, every node (nested ones included) PENDING. */
export function initialSagaState(definition: SagaDefinition, input: unknown, parent?: SagaParent): SagaState {
  const pending: StepState = { status: StepStatuses.PENDING, attempt: 0 };
  return {
    status: SagaStatuses.RUNNING,
    input,
    steps: Object.fromEntries(walkFlow(definition).map(({ node }) => [node.name, pending])),
    completionOrder: [],
    ...(parent !== undefined
      ? { parent: { sagaId: parent.sagaId, step: parent.step, ...(parent.depth !== undefined ? { depth: parent.depth } : {}) } }
      : {}),
  };
}

/** Starts the first step (and the whole-saga deadline, if the definition has one). */
export function onStartSaga(draft: DecisionDraft): void {
  const { definition } = draft;
  const parent = draft.state.parent;
  draft.record({
    type: StepLogTypes.SagaStarted,
    data: {
      definition: definition.name,
      version: definition.version,
      ...(parent !== undefined ? { parentSagaId: parent.sagaId, parentStep: parent.step } : {}),
    },
  });
  if (definition.deadlineMs !== undefined) draft.arm({ kind: TimerKinds.sagaDeadline, dueInMs: definition.deadlineMs });
  advanceForward(draft);
}
