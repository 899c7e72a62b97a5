import type { SagaDefinition } from '../saga-definition.js';
import { FlowNodeTypes } from '../saga-definition.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { expressionProblems, mappingProblems } from '../expression.util.js';
import { causalPredecessors, walkFlow } from '../flow.util.js';
import { isList } from '../is-list.util.js';

/**
 * Every expression (a step's `input`, a choice's `when`, the saga's `output`) uses allowed
 * operators only and reads nothing but the input and the outputs of nodes that finish before
 * it is evaluated: never an unknown node, a later one, or one in a parallel sibling branch.
 */
export function mappingReferenceProblems(definition: SagaDefinition): DefinitionProblem[] {
  const placed = walkFlow(definition);
  const known = new Set(placed.map(({ node }) => node.name));
  const predecessors = causalPredecessors(definition);
  const problems: DefinitionProblem[] = [];
  for (const { node, path } of placed) {
    const before = predecessors.get(node.name) ?? new Set<string>();
    if ((node.type === FlowNodeTypes.step || node.type === FlowNodeTypes.child) && node.input !== undefined) {
      problems.push(...mappingProblems(node.input, [...path, 'input'], { before, known }));
    }
    if (node.type === FlowNodeTypes.choice && isList(node.choices)) {
      node.choices.forEach((choice, index) => {
        problems.push(...expressionProblems(choice?.when, [...path, 'choices', index, 'when'], { before, known }));
      });
    }
  }
  if (definition.output !== undefined) problems.push(...mappingProblems(definition.output, ['output'], { before: known, known }));
  return problems;
}
