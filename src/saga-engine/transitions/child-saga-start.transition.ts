import type { ChildDefinition } from '../definition/saga-definition.js';
import { TimerKinds } from '../decision.js';
import type { DecisionDraft } from '../decision-draft.js';
import { SagaStatuses } from '../state/saga-status.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { failStep } from './finish-step.transition.js';
import { nodePayload } from './start-step-attempt.transition.js';
import { turnBack } from './turn-back.transition.js';

/**
 * Starts a child node: the runtime creates the child saga (with its `input` mapping, or
 * `{ input, outputs }`) in this same transaction, and a timeout is armed when the node has one.
 * A mapping that fails fails the node (nothing started, nothing to undo) and the saga turns back.
 */
export function startChildSaga(draft: DecisionDraft, node: ChildDefinition): void {
  const payload = nodePayload(draft, node.name, node.input);
  if (!payload.ok) {
    const error = { kind: 'business' as const, code: payload.code, message: payload.message };
    draft.updateStep(node.name, { attempt: 1, startedAt: draft.context.now });
    failStep(draft, node.name, error);
    if (draft.state.status === SagaStatuses.RUNNING) turnBack(draft, { step: node.name, reason: 'step-failed', error });
    return;
  }
  draft.updateStep(node.name, { status: StepStatuses.RUNNING, attempt: 1, startedAt: draft.context.now });
  draft.record({
    type: StepLogTypes.ChildSagaStarted,
    step: node.name,
    attempt: 1,
    data: { definition: node.definition.name, version: node.definition.version ?? null },
  });
  draft.startChild({
    step: node.name,
    definition: node.definition,
    input: payload.value,
    ...(node.timeoutMs !== undefined ? { timeoutMs: node.timeoutMs } : {}),
  });
  if (node.timeoutMs !== undefined) draft.arm({ kind: TimerKinds.stepTimeout, step: node.name, attempt: 1, dueInMs: node.timeoutMs });
}
