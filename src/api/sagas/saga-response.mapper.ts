import type { SagaPage, SagaView, StepLogEntryView, StepView } from '../../orchestration/views/saga.view.js';
import type { SagaPageResponse, SagaResponse, StepLogResponse } from './saga.schemas.js';

type StepResponse = SagaResponse['steps'][number];

// Field by field on purpose: a field added to a view reaches clients only when it is added here (and documented).

function toStepResponse(step: StepView): StepResponse {
  return {
    name: step.name,
    type: step.type,
    parent: step.parent,
    branch: step.branch,
    signal: step.signal,
    participant: step.participant,
    command: step.command,
    kind: step.kind,
    status: step.status,
    attempts: step.attempts,
    output: step.output ?? null,
    error: step.error,
    startedAt: step.startedAt,
    finishedAt: step.finishedAt,
    compensation: step.compensation,
    child: step.child,
  };
}

/** The API's saga resource. Absent JSON values become `null` so every documented field is present. */
export function toSagaResponse(saga: SagaView): SagaResponse {
  return {
    id: saga.id,
    definition: saga.definition,
    version: saga.version,
    status: saga.status,
    input: saga.input ?? null,
    output: saga.output ?? null,
    createdAt: saga.createdAt,
    updatedAt: saga.updatedAt,
    parentSagaId: saga.parentSagaId,
    parentStep: saga.parentStep,
    steps: saga.steps.map(toStepResponse),
  };
}

export function toSagaPageResponse(page: SagaPage): SagaPageResponse {
  return {
    items: page.items.map((item) => ({
      id: item.id,
      definition: item.definition,
      version: item.version,
      status: item.status,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
    })),
    nextCursor: page.nextCursor,
  };
}

export function toStepLogResponse(entries: StepLogEntryView[]): StepLogResponse {
  return entries.map((entry) => ({
    seq: entry.seq,
    type: entry.type,
    step: entry.step,
    attempt: entry.attempt,
    at: entry.at,
    data: entry.data,
  }));
}
