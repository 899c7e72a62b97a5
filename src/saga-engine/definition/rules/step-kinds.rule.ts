import type { SagaDefinition, StepKind } from '../saga-definition.js';
import { StepKinds } from '../saga-definition.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { pointerOf } from '../definition-problem.js';

const kinds: readonly string[] = Object.values(StepKinds);

/**
 * Kinds are known and in order: compensatable steps, then at most one pivot, then retriable
 * steps. Anything else could leave a saga that cannot be undone.
 */
export function stepKindProblems(definition: SagaDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  let pivot: string | undefined;
  let firstRetriable: string | undefined;
  definition.steps.forEach((step, index) => {
    const pointer = pointerOf('steps', index, 'kind');
    const kind: StepKind = step.kind;
    if (!kinds.includes(kind)) {
      problems.push({ pointer, message: `The step kind must be one of ${kinds.join(', ')}, got ${JSON.stringify(kind)}.` });
    } else if (kind === StepKinds.compensatable && (pivot ?? firstRetriable) !== undefined) {
      const after = pivot !== undefined ? `pivot step "${pivot}"` : `retriable step "${firstRetriable}"`;
      problems.push({ pointer, message: `Step "${step.name}" is compensatable but comes after ${after}: compensatable steps must come first.` });
    } else if (kind === StepKinds.pivot && pivot !== undefined) {
      problems.push({ pointer, message: `Step "${step.name}" is a second pivot (the first is "${pivot}"): a saga has at most one pivot.` });
    } else if (kind === StepKinds.pivot && firstRetriable !== undefined) {
      problems.push({ pointer, message: `Step "${step.name}" is a pivot but comes after retriable step "${firstRetriable}": the pivot must come before retriable steps.` });
    }
    if (kind === StepKinds.pivot) pivot ??= step.name;
    if (kind === StepKinds.retriable) firstRetriable ??= step.name;
  });
  return problems;
}
