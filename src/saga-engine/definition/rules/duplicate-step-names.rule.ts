import type { SagaDefinition } from '../saga-definition.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { pointerOf } from '../definition-problem.js';

/** Step names are unique: state and messages are keyed by them. */
export function duplicateStepNameProblems(definition: SagaDefinition): DefinitionProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: DefinitionProblem[] = [];
  definition.steps.forEach((step, index) => {
    const first = firstIndex.get(step.name);
    if (first === undefined) firstIndex.set(step.name, index);
    else problems.push({ pointer: pointerOf('steps', index, 'name'), message: `The step name "${step.name}" is already used by step ${first}.` });
  });
  return problems;
}
