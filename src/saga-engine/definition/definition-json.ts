import { findNodeKind } from '../nodes/node-kinds.js';
import type { FlowNode, SagaDefinition } from './saga-definition.js';
import { FlowNodeTypes } from './saga-definition.js';

/**
 * The JSON form of a definition (docs/definition.schema.json) is the `SagaDefinition` model with
 * defaults left out: `type` defaults to `step`, `kind` to `compensatable`, `timeoutMs`, `retry`
 * and `compensationRetry` to the builder's defaults (a partial policy is merged into them),
 * `inputSchema` to `{}`, a child's `kind` to `compensatable` (each kind's `fromJson` in `nodes/`), `version` to "assigned at registration". The full model is itself valid
 * JSON form, so `definitionToJson` is the identity and either form converts to the other.
 */
export function definitionFromJson(json: Readonly<Record<string, unknown>>, version: number): SagaDefinition {
  const { version: _ignored, steps, inputSchema, ...rest } = json as Record<string, unknown>;
  return {
    ...(rest as Pick<SagaDefinition, 'name'>),
    version,
    inputSchema: (inputSchema as Record<string, unknown> | undefined) ?? {},
    steps: sequenceFromJson(steps),
  };
}

/** The definition as JSON form (every default spelled out). */
export function definitionToJson(definition: SagaDefinition): Record<string, unknown> {
  return JSON.parse(JSON.stringify(definition)) as Record<string, unknown>;
}

function sequenceFromJson(steps: unknown): FlowNode[] {
  return Array.isArray(steps) ? steps.map((node) => nodeFromJson(node as Record<string, unknown>)) : (steps as FlowNode[]);
}

/** A node with its kind's defaults (`type` itself defaults to `step`); an unknown type is left for validation to report. */
function nodeFromJson(node: Record<string, unknown>): FlowNode {
  const kind = findNodeKind(node['type'] ?? FlowNodeTypes.step);
  return kind?.fromJson ? kind.fromJson(node, sequenceFromJson) : (node as unknown as FlowNode);
}
