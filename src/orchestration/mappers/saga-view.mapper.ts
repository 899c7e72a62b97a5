import type { SagaDefinition, StepDefinition } from '../../saga-engine/definition/saga-definition.js';
import type { CompensationState, StepError, StepState } from '../../saga-engine/state/saga-state.js';
import { StepStatuses } from '../../saga-engine/state/step-status.js';
import type { StoredSaga, StoredSagaSummary } from '../ports/saga-store.port.js';
import type { CompensationView, SagaSummaryView, SagaView, StepErrorView, StepView } from '../views/saga.view.js';

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
    resolvedBy: compensation.resolvedBy
      ? { reason: compensation.resolvedBy.reason, by: compensation.resolvedBy.by ?? null }
      : null,
  };
}

/** A step as the API shows it; a step the state does not know yet is PENDING. */
export function toStepView(step: StepDefinition, state: StepState | undefined): StepView {
  return {
    name: step.name,
    participant: step.participant,
    command: step.command,
    kind: step.kind,
    status: state?.status ?? StepStatuses.PENDING,
    attempts: state?.attempt ?? 0,
    output: state?.output ?? null,
    error: toStepErrorView(state?.lastError),
    startedAt: state?.startedAt ?? null,
    finishedAt: state?.finishedAt ?? null,
    compensation: toCompensationView(step, state?.compensation),
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
    steps: definition.steps.map((step) => toStepView(step, saga.state.steps[step.name])),
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
