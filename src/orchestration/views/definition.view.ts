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
  steps: DefinitionStepView[];
  createdAt: string;
}
