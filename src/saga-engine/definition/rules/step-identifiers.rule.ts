import type { SagaDefinition } from '../saga-definition.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { pointerOf } from '../definition-problem.js';
import { identifierMessage, isKebabIdentifier } from './identifier-format.rule.js';

const fields = [
  ['name', 'The step name'],
  ['participant', 'The participant'],
  ['command', 'The command'],
  ['compensation', 'The compensation command'],
] as const;

/** Step name, participant, command and compensation (when present) are kebab-case identifiers. */
export function stepIdentifierProblems(definition: SagaDefinition): DefinitionProblem[] {
  return definition.steps.flatMap((step, index) =>
    fields
      .filter(([field]) => !(field === 'compensation' && step.compensation === undefined))
      .filter(([field]) => !isKebabIdentifier(step[field]))
      .map(([field, what]) => ({ pointer: pointerOf('steps', index, field), message: identifierMessage(what, step[field]) })),
  );
}
