import type { SagaDefinition } from '../saga-definition.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { DefinitionLimits } from '../definition-problem.js';
import { jsonByteLengthWithin } from '../json-size.util.js';

/** A definition is at most `DefinitionLimits.maxDefinitionBytes` as JSON (whatever way it arrives: HTTP, file, code). */
export function definitionSizeProblems(definition: SagaDefinition): DefinitionProblem[] {
  if (jsonByteLengthWithin(definition, DefinitionLimits.maxDefinitionBytes) !== undefined) return [];
  return [{ pointer: '', message: `A definition is at most ${DefinitionLimits.maxDefinitionBytes} bytes as JSON.` }];
}
