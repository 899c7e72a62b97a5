import type { SagaDefinition } from '../saga-definition.js';
import { FlowNodeTypes, StepKinds } from '../saga-definition.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { pointerOf } from '../definition-problem.js';
import { walkFlow } from '../flow.util.js';

/** A compensatable step has a compensation; a pivot or retriable step has none (it is never undone). */
export function compensationPresenceProblems(definition: SagaDefinition): DefinitionProblem[] {
  return walkFlow(definition).flatMap(({ node: step, path }): DefinitionProblem[] => {
    if (step.type !== FlowNodeTypes.step) return [];
    const pointer = pointerOf(...path, 'compensation');
    if (step.kind === StepKinds.compensatable && step.compensation === undefined) {
      return [{ pointer, message: `Step "${step.name}" is compensatable, so it needs a compensation command.` }];
    }
    if ((step.kind === StepKinds.pivot || step.kind === StepKinds.retriable) && step.compensation !== undefined) {
      return [
        {
          pointer,
          message: `Step "${step.name}" is ${step.kind === StepKinds.pivot ? 'a pivot' : 'retriable'}, so it is never undone and cannot have a compensation.`,
        },
      ];
    }
    return [];
  });
}
