import { type PlacedNode, walkFlow } from '../../saga-engine/definition/flow.util.js';
import type { ChildDefinition, SagaDefinition, StepDefinition } from '../../saga-engine/definition/saga-definition.js';
import { childSagaId } from '../../runtime/children/child-saga-messages.mapper.js';
import { FlowNodeTypes } from '../../saga-engine/definition/saga-definition.js';
import type { CompensationState, StepError, StepState } from '../../saga-engine/state/saga-state.js';
import { StepStatuses } from '../../saga-engine/state/step-status.js';
import type { StoredSaga, StoredSagaSummary } from '../../runtime/ports/saga-store.port.js';
import type { ChildSagaView, CompensationView, SagaSummaryView, SagaView, StepErrorView, StepView } from '../views/saga.view.js';

export function toStepErrorView(error: StepError | undefined): StepErrorView | null {
  return error ? { kind: error.kind, code: error.code, message: error.message } : null;
}

export function toCompensationView(step: StepDefinition, compensation: CompensationState | undefined): CompensationView | null {
  if (!compensation) return null;
  return {
    command: step.compensation ?? null,
    attempts: compensation.attempt,
    startedAt: compensation.startedAt ?? null,
    finishedAt: compensation.finishedAt ?? null,
    error: toStepErrorView(compensation.lastError),
    resolvedBy: compensation.resolvedBy ? { reason: compensation.resolvedBy.reason, by: compensation.resolvedBy.by ?? null } : null,
  };
}

/** A step as the API shows it; a step the state does not know yet is PENDING. */
export function toStepView(step: StepDefinition, state: StepState | undefined): StepView {
  return toNodeView({ node: step, path: [], depth: 1 }, state);
}

/**
 * Any node of the flow as the API shows it: participant steps with their command, parallel
 * groups, choices (with the branch taken), waits and delays, each with its enclosing branch.
 */
export function toNodeView(placed: PlacedNode, state: StepState | undefined, sagaId?: string): StepView {
  const { node: step } = placed;
  const isStep = step.type === FlowNodeTypes.step;
  return {
    name: step.name,
    type: step.type,
    parent: placed.parent ? { node: placed.parent.node, branch: placed.parent.branch } : null,
    branch: state?.branch ?? null,
    signal: step.type === FlowNodeTypes.wait ? step.signal : null,
    participant: isStep ? step.participant : null,
    command: isStep ? step.command : null,
    kind: isStep || step.type === FlowNodeTypes.child ? step.kind : null,
    status: state?.status ?? StepStatuses.PENDING,
    attempts: state?.attempt ?? 0,
    output: state?.output ?? null,
    error: toStepErrorView(state?.lastError),
    startedAt: state?.startedAt ?? null,
    finishedAt: state?.finishedAt ?? null,
    compensation: isStep
      ? toCompensationView(step, state?.compensation)
      : step.type === FlowNodeTypes.child
        ? toChildCompensationView(state?.compensation)
        : null,
    child: step.type === FlowNodeTypes.child ? toChildSagaView(step, state, sagaId) : null,
  };
}

/** Codes of a child node that failed before its child saga existed. */
const childNeverCreated = new Set(['input-mapping-failed', 'child-not-started']);

/** The child saga of a child node; its id is derived from the parent's id, so it is known as soon as the node started. */
function toChildSagaView(node: ChildDefinition, state: StepState | undefined, sagaId: string | undefined): ChildSagaView {
  const started = state !== undefined && state.attempt > 0 && !childNeverCreated.has(state.lastError?.code ?? '');
  return {
    definition: node.definition.name,
    version: node.definition.version ?? null,
    sagaId: started && sagaId !== undefined ? childSagaId(sagaId, node.name) : null,
    status: state?.childStatus ?? null,
  };
}

/** A child's compensation: the child saga undoing itself (no command of its own). */
function toChildCompensationView(compensation: CompensationState | undefined): CompensationView | null {
  if (!compensation) return null;
  return {
    command: null,
    attempts: compensation.attempt,
    startedAt: compensation.startedAt ?? null,
    finishedAt: compensation.finishedAt ?? null,
    error: toStepErrorView(compensation.lastError),
    resolvedBy: compensation.resolvedBy ? { reason: compensation.resolvedBy.reason, by: compensation.resolvedBy.by ?? null } : null,
  };
}

/** `GET /v1/sagas/{id}`: the saga with its steps in definition order (the pinned version). */
export function toSagaView(saga: StoredSaga, definition: SagaDefinition): SagaView {
  return {
    id: saga.id,
    definition: saga.definitionName,
    version: saga.definitionVersion,
    status: saga.status,
    input: saga.state.input ?? null,
    output: saga.state.output ?? null,
    createdAt: saga.createdAt,
    updatedAt: saga.updatedAt,
    parentSagaId: saga.state.parent?.sagaId ?? null,
    parentStep: saga.state.parent?.step ?? null,
    steps: walkFlow(definition).map((placed) => toNodeView(placed, saga.state.steps[placed.node.name], saga.id)),
  };
}

export function toSagaSummaryView(saga: StoredSagaSummary): SagaSummaryView {
  return {
    id: saga.id,
    definition: saga.definitionName,
    version: saga.definitionVersion,
    status: saga.status,
    createdAt: saga.createdAt,
    updatedAt: saga.updatedAt,
  };
}
