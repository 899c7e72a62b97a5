/**
 * The engine's closed vocabularies that the views speak (statuses, step-log types and the reasons
 * of `ReplyIgnored`, node types and kinds), re-exported for the API's schemas so that the API never imports the engine.
 */
export { FlowNodeTypes, StepKinds } from '../../saga-engine/definition/saga-definition.js';
export { SagaStatuses } from '../../saga-engine/state/saga-status.js';
export { StepStatuses } from '../../saga-engine/state/step-status.js';
export { StepLogTypes } from '../../saga-engine/step-log-type.js';
export { IgnoreReasons } from '../../saga-engine/ignore-reason.js';
