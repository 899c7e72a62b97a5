import type { SagaDefinition } from '../saga-definition.js';
import { FlowNodeTypes } from '../saga-definition.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { pointerOf } from '../definition-problem.js';
import { walkFlow } from '../flow.util.js';
import { identifierMessage, isKebabIdentifier } from './identifier-format.rule.js';

const fields = [
  ['participant', 'The participant'],
  ['command', 'The command'],
  ['compensation', 'The compensation command'],
] as const;

/** Every node name, and a step's participant, command and compensation (when present), are kebab-case identifiers. */
export function stepIdentifierProblems(definition: SagaDefinition): DefinitionProblem[] {
  return walkFlow(definition).flatMap(({ node, path }) => {
    const problems: DefinitionProblem[] = [];
    if (!isKebabIdentifier(node.name)) problems.push({ pointer: pointerOf(...path, 'name'), message: identifierMessage('The step name', node.name) });
    if (node.type !== FlowNodeTypes.step) return problems;
    for (const [field, what] of fields) {
      if (field === 'compensation' && node.compensation === undefined) continue;
      if (!isKebabIdentifier(node[field])) problems.push({ pointer: pointerOf(...path, field), message: identifierMessage(what, node[field]) });
    }
    return problems;
  });
}
