/**
 * The engine's closed vocabularies that the views speak (statuses, step-log types and the reasons
 * of `ReplyIgnored`, node types and kinds, and how the descriptions list the node kinds),
 * re-exported for the API's schemas so that the API never imports the engine.
 */
import { BuiltInNodeKinds } from '../../saga-engine/nodes/node-kinds.js';

export { FlowNodeTypes, StepKinds } from '../../saga-engine/definition/saga-definition.js';
export { SagaStatuses } from '../../saga-engine/state/saga-status.js';
export { StepStatuses } from '../../saga-engine/state/step-status.js';
export { StepLogTypes } from '../../saga-engine/step-log-type.js';
export { IgnoreReasons } from '../../saga-engine/ignore-reason.js';

/** "a, b or c": a list in a sentence. */
function listed(items: readonly string[], conjunction: 'and' | 'or'): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

/**
 * The node kinds as the API's descriptions list them, from the engine's registry (each kind's
 * `label`), so that a new kind shows up in the OpenAPI document without editing the schemas.
 */
export const FlowNodeDescriptions = {
  /** The node `type` enum of a saga's steps: "step, parallel (fork/join), … or child (a child saga)". */
  types: listed(
    BuiltInNodeKinds.map((kind) => kind.label.type),
    'or',
  ),
  /** The nodes of a stored definition: "participant steps (…), parallel groups, … and child sagas". */
  stored: listed(
    BuiltInNodeKinds.map((kind) => kind.label.stored),
    'and',
  ),
} as const;
