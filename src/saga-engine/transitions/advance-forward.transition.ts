import type { ChoiceDefinition, FlowNode, ParallelDefinition } from '../definition/saga-definition.js';
import { FlowNodeTypes } from '../definition/saga-definition.js';
import { TimerKinds } from '../decision.js';
import type { DecisionDraft } from '../decision-draft.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { startChildSaga } from './child-saga-start.transition.js';
import { chooseBranch } from './choose-branch.transition.js';
import { sagaOutput } from './saga-output.transition.js';
import { startStepAttempt } from './start-step-attempt.transition.js';
import { startDelay, startWait } from './wait-and-delay.transition.js';

/** Whether a sequence of nodes is finished, or still has work running. */
type Progress = 'done' | 'busy';

/**
 * Starts every node that can start now (the next pending node of each active sequence: all
 * branches of a parallel group, the chosen branch of a choice) and marks finished groups;
 * completes the saga when the whole flow is done. Idempotent: running nodes are left alone.
 */
export function advanceForward(draft: DecisionDraft): void {
  if (progressSequence(draft, draft.definition.steps) === 'done' && draft.state.status === SagaStatuses.RUNNING) completeSaga(draft);
}

function progressSequence(draft: DecisionDraft, nodes: readonly FlowNode[]): Progress {
  for (const node of nodes) {
    // Starting a node can turn the saga back (a mapping that fails): then nothing more starts.
    if (draft.state.status !== SagaStatuses.RUNNING) return 'busy';
    const status = draft.step(node.name).status;
    if (status === StepStatuses.SUCCEEDED || status === StepStatuses.SKIPPED) continue;
    if (progressNode(draft, node, status === StepStatuses.PENDING) === 'busy') return 'busy';
  }
  return 'done';
}

function progressNode(draft: DecisionDraft, node: FlowNode, pending: boolean): Progress {
  switch (node.type) {
    case FlowNodeTypes.step:
      if (pending) startStepAttempt(draft, node, 1);
      return 'busy';
    case FlowNodeTypes.wait:
      if (pending) startWait(draft, node);
      return 'busy';
    case FlowNodeTypes.delay:
      if (pending) startDelay(draft, node);
      return 'busy';
    case FlowNodeTypes.child:
      if (pending) startChildSaga(draft, node);
      return 'busy';
    case FlowNodeTypes.parallel:
      return progressParallel(draft, node, pending);
    case FlowNodeTypes.choice:
      return progressChoice(draft, node, pending);
  }
}

function progressParallel(draft: DecisionDraft, node: ParallelDefinition, pending: boolean): Progress {
  if (pending) {
    draft.updateStep(node.name, { status: StepStatuses.RUNNING, startedAt: draft.context.now });
    draft.record({ type: StepLogTypes.BranchesForked, step: node.name, data: { branches: node.branches.map((branch) => branch.name) } });
  }
  // Every branch moves on, even when an earlier one is busy: they run together.
  const progress = node.branches.map((branch) => progressSequence(draft, branch.steps));
  if (draft.state.status !== SagaStatuses.RUNNING || progress.includes('busy')) return 'busy';
  draft.updateStep(node.name, { status: StepStatuses.SUCCEEDED, finishedAt: draft.context.now });
  draft.record({ type: StepLogTypes.BranchesJoined, step: node.name, data: { branches: node.branches.map((branch) => branch.name) } });
  return 'done';
}

function progressChoice(draft: DecisionDraft, node: ChoiceDefinition, pending: boolean): Progress {
  if (pending) chooseBranch(draft, node);
  const chosen = draft.step(node.name).branch;
  const branch = [...node.choices, node.otherwise].find((candidate) => candidate.name === chosen) ?? node.otherwise;
  if (progressSequence(draft, branch.steps) === 'busy' || draft.state.status !== SagaStatuses.RUNNING) return 'busy';
  draft.updateStep(node.name, { status: StepStatuses.SUCCEEDED, finishedAt: draft.context.now });
  draft.record({ type: StepLogTypes.ChoiceCompleted, step: node.name, data: { branch: branch.name } });
  return 'done';
}

/** Every node succeeded (or was not chosen): the saga's output is its mapping, or every output by name. */
function completeSaga(draft: DecisionDraft): void {
  const output = sagaOutput(draft);
  draft.updateSaga({ status: SagaStatuses.COMPLETED, output });
  draft.record({ type: StepLogTypes.SagaCompleted, data: { output } });
  if (draft.definition.deadlineMs !== undefined) draft.disarm({ kind: TimerKinds.sagaDeadline });
}
