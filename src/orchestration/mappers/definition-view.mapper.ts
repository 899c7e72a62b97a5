import { definitionToJson } from '../../saga-engine/definition/definition-json.js';
import { participantSteps } from '../../saga-engine/definition/flow.util.js';
import type { StepDefinition } from '../../saga-engine/definition/saga-definition.js';
import type { StoredDefinition } from '../ports/definition-store.port.js';
import type { DefinitionStepView, DefinitionView } from '../views/definition.view.js';

export function toDefinitionStepView(step: StepDefinition): DefinitionStepView {
  return {
    name: step.name,
    participant: step.participant,
    command: step.command,
    compensation: step.compensation ?? null,
    kind: step.kind,
    timeoutMs: step.timeoutMs,
    retry: { ...step.retry },
    compensationRetry: { ...step.compensationRetry },
  };
}

/** `GET /v1/definitions/{name}`: steps in order and the input schema. */
export function toDefinitionView(stored: StoredDefinition): DefinitionView {
  const { definition } = stored;
  return {
    name: definition.name,
    version: definition.version,
    description: definition.description ?? null,
    inputSchema: { ...definition.inputSchema },
    steps: participantSteps(definition).map(toDefinitionStepView),
    json: definitionToJson(definition),
    createdAt: stored.createdAt,
  };
}
