import type { RetryPolicy, StepKind } from '../../saga-engine/definition/saga-definition.js';

export interface DefinitionStepView {
  name: string;
  participant: string;
  command: string;
  compensation: string | null;
  kind: StepKind;
  timeoutMs: number;
  retry: RetryPolicy;
  compensationRetry: RetryPolicy;
}

/** `GET /v1/definitions/{name}`: the latest version. */
export interface DefinitionView {
  name: string;
  version: number;
  description: string | null;
  inputSchema: Record<string, unknown>;
  /** Participant steps only, depth-first (kept for clients that predate flows). */
  steps: DefinitionStepView[];
  /** The whole definition in JSON form (docs/definition.schema.json): every node, nested branches, mappings. */
  json: Record<string, unknown>;
  createdAt: string;
}
