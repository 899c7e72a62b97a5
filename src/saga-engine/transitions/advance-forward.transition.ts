import type { FlowNode } from '../definition/saga-definition.js';
import { TimerKinds } from '../decision.js';
import type { DecisionDraft } from '../decision-draft.js';
import type { Progress } from '../nodes/node-kind.js';
import { kindOf } from '../nodes/node-kinds.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { StepStatuses } from '../state/step-status.js';
import { sagaOutput } from './saga-output.transition.js';

/**
 * Starts every node that can start now (the next pending node of each active sequence: all
 * branches of a parallel group, the chosen branch of a choice) and marks finished groups;
 * completes the saga when the whole flow is done. Idempotent: running nodes are left alone.
 */
export function advanceForward(draft: DecisionDraft): void {
  if (progressSequence(draft, draft.definition.steps) === 'done' && draft.state.status === SagaStatuses.RUNNING) completeSaga(draft);
}

/** Moves a sequence of nodes on: whether it is done, or still has work running. */
export function progressSequence(draft: DecisionDraft, nodes: readonly FlowNode[]): Progress {
  for (const node of nodes) {
    // Starting a node can turn the saga back (a mapping that fails): then nothing more starts.
    if (draft.state.status !== SagaStatuses.RUNNING) return 'busy';
    const status = draft.step(node.name).status;
    if (status === StepStatuses.SUCCEEDED || status === StepStatuses.SKIPPED) continue;
    if (progressNode(draft, node, status === StepStatuses.PENDING) === 'busy') return 'busy';
  }
  return 'done';
}

/** A branching node moves its branches on (its kind's `progress`); a leaf starts when pending and is busy until it finishes. */
function progressNode(draft: DecisionDraft, node: FlowNode, pending: boolean): Progress {
  const kind = kindOf(node);
  if (kind.progress) return kind.progress(draft, node, pending);
  if (pending) kind.start?.(draft, node);
  return 'busy';
}

/** Every node succeeded (or was not chosen): the saga's output is its mapping, or every output by name. */
function completeSaga(draft: DecisionDraft): void {
  const output = sagaOutput(draft);
  draft.updateSaga({ status: SagaStatuses.COMPLETED, output });
  draft.record({ type: StepLogTypes.SagaCompleted, data: { output } });
  if (draft.definition.deadlineMs !== undefined) draft.disarm({ kind: TimerKinds.sagaDeadline });
}
