import { MAX_COMMAND_PAYLOAD_BYTES } from '@saga-coordinator/contracts';
import type { ExpressionData } from '../definition/expression.util.js';
import { jsonByteLengthWithin } from '../definition/json-size.util.js';
import { evaluateMapping } from '../definition/expression.util.js';
import { isLeaf, walkFlow } from '../definition/flow.util.js';
import type { DecisionDraft } from '../decision-draft.js';
import { StepStatuses } from '../state/step-status.js';

/** What expressions see: the input and the outputs of the succeeded leaf nodes in `names` (all when absent). */
export function expressionData(draft: DecisionDraft, names?: ReadonlySet<string>): ExpressionData {
  const outputs: Record<string, unknown> = {};
  for (const { node } of walkFlow(draft.definition)) {
    if (!isLeaf(node) || (names !== undefined && !names.has(node.name))) continue;
    const state = draft.state.steps[node.name];
    if (state?.status === StepStatuses.SUCCEEDED) outputs[node.name] = state.output ?? null;
  }
  return { input: draft.state.input, outputs };
}

/**
 * The completed saga's output: its `output` mapping, or the outputs of every succeeded node by
 * name. A mapping that fails cannot turn the saga back (every step is done): the output is then
 * null and the failure is kept beside it.
 */
export function sagaOutput(draft: DecisionDraft): unknown {
  const data = expressionData(draft);
  if (draft.definition.output === undefined) {
    // A child's output travels to its parent in a message: held to the same limit as a mapping's.
    if (jsonByteLengthWithin(data.outputs, MAX_COMMAND_PAYLOAD_BYTES) !== undefined) return data.outputs;
    return { outputMappingFailed: `The outputs of the steps are larger than the ${MAX_COMMAND_PAYLOAD_BYTES}-byte limit of a saga output.` };
  }
  try {
    return evaluateMapping(draft.definition.output, data);
  } catch (error) {
    return { outputMappingFailed: error instanceof Error ? error.message : String(error) };
  }
}
