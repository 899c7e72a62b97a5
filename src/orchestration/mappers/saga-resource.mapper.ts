import type { SagaView, StepLogEntryView, StepView } from '../views/saga.view.js';

// Field by field on purpose: a field added to a view reaches clients (and the archive) only when it is added here (and documented).
// The API answers these (api/sagas/saga-response.mapper.ts) and the archive stores them, so an archived saga reads back as the API showed it.

function toStepResource(step: StepView): StepView {
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

/** The saga resource of `GET /v1/sagas/{id}`. Absent JSON values become `null` so every documented field is present. */
export function toSagaResource(saga: SagaView): SagaView {
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
    steps: saga.steps.map(toStepResource),
  };
}

/** The step log of `GET /v1/sagas/{id}/events`, oldest first. */
export function toStepLogResource(entries: readonly StepLogEntryView[]): StepLogEntryView[] {
  return entries.map((entry) => ({
    seq: entry.seq,
    type: entry.type,
    step: entry.step,
    attempt: entry.attempt,
    at: entry.at,
    data: entry.data,
  }));
}
