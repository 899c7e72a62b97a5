import type { BranchDefinition, FlowNode, RetryPolicy, SagaDefinition } from './saga-definition.js';
import { DefaultCompensationRetryPolicy, DefaultRetryPolicy, DefaultStepTimeoutMs, FlowNodeTypes, StepKinds } from './saga-definition.js';

/**
 * The JSON form of a definition (docs/definition.schema.json) is the `SagaDefinition` model with
 * defaults left out: `type` defaults to `step`, `kind` to `compensatable`, `timeoutMs`, `retry`
 * and `compensationRetry` to the builder's defaults (a partial policy is merged into them),
 * `inputSchema` to `{}`, a child's `kind` to `compensatable`, `version` to "assigned at registration". The full model is itself valid
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

function branchFromJson(branch: unknown): BranchDefinition {
  const value = branch as Record<string, unknown>;
  return { ...value, steps: sequenceFromJson(value['steps']) } as unknown as BranchDefinition;
}

function nodeFromJson(node: Record<string, unknown>): FlowNode {
  const type = node['type'] ?? FlowNodeTypes.step;
  switch (type) {
    case FlowNodeTypes.parallel:
      return { ...node, branches: (node['branches'] as unknown[]).map(branchFromJson) } as unknown as FlowNode;
    case FlowNodeTypes.choice:
      return {
        ...node,
        choices: (node['choices'] as unknown[]).map(branchFromJson),
        otherwise: node['otherwise'] === undefined ? { name: 'otherwise', steps: [] } : branchFromJson(node['otherwise']),
      } as unknown as FlowNode;
    case FlowNodeTypes.step:
      return {
        ...node,
        type: FlowNodeTypes.step,
        kind: node['kind'] ?? StepKinds.compensatable,
        timeoutMs: node['timeoutMs'] ?? DefaultStepTimeoutMs,
        retry: { ...DefaultRetryPolicy, ...(node['retry'] as Partial<RetryPolicy> | undefined) },
        compensationRetry: { ...DefaultCompensationRetryPolicy, ...(node['compensationRetry'] as Partial<RetryPolicy> | undefined) },
      } as unknown as FlowNode;
    case FlowNodeTypes.child:
      return { ...node, kind: node['kind'] ?? StepKinds.compensatable } as unknown as FlowNode;
    default:
      return node as unknown as FlowNode;
  }
}
