import type { DefinitionProblem } from '../definition/definition-problem.js';
import { SagaEngineErrorCodes } from './saga-engine-error-code.js';
import { SagaEngineError } from './saga-engine.error.js';

/** A definition broke the rules of `validateDefinition`; `problems` says where and why. */
export class InvalidDefinitionError extends SagaEngineError {
  readonly code = SagaEngineErrorCodes.invalidDefinition;

  constructor(
    readonly definitionName: string,
    readonly problems: readonly DefinitionProblem[],
  ) {
    super(`Saga definition "${definitionName}" is invalid: ${problems.map((problem) => `${problem.pointer || '/'}: ${problem.message}`).join(' ')}`);
  }
}
