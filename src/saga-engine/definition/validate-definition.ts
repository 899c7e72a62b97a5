import type { DefinitionProblem } from './definition-problem.js';
import { compensationPresenceProblems } from './rules/compensation-presence.rule.js';
import { definitionSizeProblems } from './rules/definition-size.rule.js';
import { duplicateStepNameProblems } from './rules/duplicate-step-names.rule.js';
import { mappingReferenceProblems } from './rules/mapping-references.rule.js';
import { nodeShapeProblems } from './rules/node-shapes.rule.js';
import { sagaHeaderProblems } from './rules/saga-header.rule.js';
import { stepBoundProblems } from './rules/step-bounds.rule.js';
import { stepCountProblems } from './rules/step-count.rule.js';
import { stepIdentifierProblems } from './rules/step-identifiers.rule.js';
import { stepKindProblems } from './rules/step-kinds.rule.js';
import type { SagaDefinition } from './saga-definition.js';

/**
 * Every problem that would make the definition unsafe to run or impossible to undo, with a
 * JSON pointer and a sentence each; empty when it is valid. Never throws. Shape problems
 * (unknown node types, missing branches) stop the deeper rules, which assume a sound tree.
 */
export function validateDefinition(definition: SagaDefinition): DefinitionProblem[] {
  const size = definitionSizeProblems(definition);
  if (size.length > 0) return size;
  const header = sagaHeaderProblems(definition);
  const count = stepCountProblems(definition);
  if (!Array.isArray(definition.steps) || count.length > 0) return [...header, ...count];
  const shapes = nodeShapeProblems(definition);
  if (shapes.length > 0) return [...header, ...shapes];
  return [
    ...header,
    ...stepIdentifierProblems(definition),
    ...duplicateStepNameProblems(definition),
    ...stepKindProblems(definition),
    ...compensationPresenceProblems(definition),
    ...stepBoundProblems(definition),
    ...mappingReferenceProblems(definition),
  ];
}
