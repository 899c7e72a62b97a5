import type { DefinitionView } from '../../orchestration/views/definition.view.js';
import type { DefinitionResponse } from './definition.schemas.js';

/** The API's definition resource, field by field. */
export function toDefinitionResponse(definition: DefinitionView): DefinitionResponse {
  return {
    name: definition.name,
    version: definition.version,
    description: definition.description,
    inputSchema: definition.inputSchema,
    steps: definition.steps.map((step) => ({
      name: step.name,
      participant: step.participant,
      command: step.command,
      compensation: step.compensation,
      kind: step.kind,
      timeoutMs: step.timeoutMs,
      retry: { ...step.retry },
      compensationRetry: { ...step.compensationRetry },
    })),
    definition: definition.json,
    createdAt: definition.createdAt,
  };
}
