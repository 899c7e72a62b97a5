import type { SagaDefinition } from '../saga-definition.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { DefinitionLimits, pointerOf } from '../definition-problem.js';
import { walkFlow } from '../flow.util.js';

/** At least one top-level node; at most `DefinitionLimits.maxSteps` nodes in the whole flow. */
export function stepCountProblems(definition: SagaDefinition): DefinitionProblem[] {
  if (!Array.isArray(definition.steps) || definition.steps.length === 0) {
    return [{ pointer: pointerOf('steps'), message: 'A saga needs at least one step.' }];
  }
  const total = walkFlow(definition).length;
  if (total > DefinitionLimits.maxSteps) {
    return [{ pointer: pointerOf('steps'), message: `A saga has at most ${DefinitionLimits.maxSteps} steps, got ${total}.` }];
  }
  return [];
}
