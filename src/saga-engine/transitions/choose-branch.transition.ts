import { evaluateExpression, isTruthy } from '../definition/expression.util.js';
import { causalPredecessors, descendantsOf } from '../definition/flow.util.js';
import type { ChoiceDefinition } from '../definition/saga-definition.js';
import type { DecisionDraft } from '../decision-draft.js';
import { StepStatuses } from '../state/step-status.js';
import { StepLogTypes } from '../step-log-type.js';
import { expressionData } from './saga-output.transition.js';

/**
 * Takes the first branch whose `when` holds (an expression that throws counts as false), else
 * `otherwise`; every node of the other branches becomes SKIPPED, so the state says which way
 * the saga went.
 */
export function chooseBranch(draft: DecisionDraft, node: ChoiceDefinition): void {
  const data = expressionData(draft, causalPredecessors(draft.definition).get(node.name));
  const matched = node.choices.find((choice) => holds(choice.when, data));
  const chosen = matched ?? node.otherwise;
  draft.updateStep(node.name, { status: StepStatuses.RUNNING, startedAt: draft.context.now, branch: chosen.name });
  draft.record({ type: StepLogTypes.ChoiceMade, step: node.name, data: { branch: chosen.name, matched: matched !== undefined } });
  for (const branch of [...node.choices, node.otherwise]) {
    if (branch.name === chosen.name) continue;
    for (const skipped of branch.steps.flatMap((child) => [child, ...descendantsOf(child)])) {
      draft.updateStep(skipped.name, { status: StepStatuses.SKIPPED });
      draft.record({ type: StepLogTypes.StepSkipped, step: skipped.name, data: { notChosen: node.name } });
    }
  }
}

function holds(expression: unknown, data: Parameters<typeof evaluateExpression>[1]): boolean {
  try {
    return isTruthy(evaluateExpression(expression, data));
  } catch {
    return false;
  }
}
