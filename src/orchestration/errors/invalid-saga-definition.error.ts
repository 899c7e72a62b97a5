import type { DefinitionProblem } from '../../saga-engine/definition/definition-problem.js';
import { OrchestrationErrorCodes } from './orchestration-error-code.js';
import { OrchestrationError } from './orchestration.error.js';

/** A definition breaks the JSON Schema or the engine's validation; each problem has a pointer into it (422). */
export class InvalidSagaDefinitionError extends OrchestrationError {
  readonly code = OrchestrationErrorCodes.InvalidDefinition;

  constructor(
    readonly definition: string,
    readonly problems: readonly DefinitionProblem[],
  ) {
    super(`Saga definition "${definition}" is invalid: ${problems.map((p) => `${p.pointer || '(root)'}: ${p.message}`).join('; ')}`);
    this.name = 'InvalidSagaDefinitionError';
  }
}
