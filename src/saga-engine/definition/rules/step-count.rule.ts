import type { SagaDefinition } from '../saga-definition.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { DefinitionLimits, pointerOf } from '../definition-problem.js';

/** At least one step, at most `DefinitionLimits.maxSteps`. */
export function stepCountProblems(definition: SagaDefinition): DefinitionProblem[] {
  if (!Array.isArray(definition.steps) || definition.steps.length === 0) {
    return [{ pointer: pointerOf('steps'), message: 'A saga needs at least one step.' }];
  }
  if (definition.steps.length > DefinitionLimits.maxSteps) {
    return [{ pointer: pointerOf('steps'), message: `A saga has at most ${DefinitionLimits.maxSteps} steps, got ${definition.steps.length}.` }];
  }
  return [];
}
