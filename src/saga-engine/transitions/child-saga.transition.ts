import type { ChildDefinition } from '../definition/saga-definition.js';
import { FlowNodeTypes } from '../definition/saga-definition.js';
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
    const error = { kind: 'business' as const, code: 'input-mapping-failed', message: payload.message };
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

/**
 * Compensating a child node: the child saga is asked to undo itself and the node stays
 * COMPENSATING until the child reports COMPENSATED (no timer: the child's own compensations
 * carry their retry budgets, and a stuck child is flagged on its own row).
 */
export function startChildCompensation(draft: DecisionDraft, name: string, attempt: number): void {
  const step = draft.step(name);
  draft.updateStep(name, {
    status: StepStatuses.COMPENSATING,
    compensation: { ...step.compensation, attempt, startedAt: step.compensation?.startedAt ?? draft.context.now, nextAttemptAt: undefined, budgetStartAttempt: 1 },
  });
  draft.record({ type: StepLogTypes.CompensationStarted, step: name, attempt });
  draft.compensateChild({ step: name, reason: 'compensate', attempt });
}

/** The saga turned back while child sagas ran: each is asked to turn back too (its outcome is still awaited). */
export function cancelRunningChildren(draft: DecisionDraft): void {
  for (const [name, step] of Object.entries(draft.state.steps)) {
    if (step.status !== StepStatuses.RUNNING || draft.node(name).type !== FlowNodeTypes.child) continue;
    draft.compensateChild({ step: name, reason: 'cancel', attempt: step.attempt });
  }
}
