import type { SagaDefinition } from '../saga-definition.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { pointerOf } from '../definition-problem.js';
import { walkFlow } from '../flow.util.js';

/** Node names are unique across the whole flow, branches included: state and messages are keyed by them. */
export function duplicateStepNameProblems(definition: SagaDefinition): DefinitionProblem[] {
  const first = new Map<string, string>();
  const problems: DefinitionProblem[] = [];
  for (const { node, path } of walkFlow(definition)) {
    if (typeof node.name !== 'string') continue;
    const earlier = first.get(node.name);
    if (earlier === undefined) first.set(node.name, pointerOf(...path));
    else problems.push({ pointer: pointerOf(...path, 'name'), message: `The step name "${node.name}" is already used at ${earlier}.` });
  }
  return problems;
}
