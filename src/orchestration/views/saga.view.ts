import type { FlowNodeType, StepKind } from '../../saga-engine/definition/saga-definition.js';
import type { SagaStatus } from '../../saga-engine/state/saga-status.js';
import type { StepStatus } from '../../saga-engine/state/step-status.js';
import type { StepLogType } from '../../saga-engine/step-log-type.js';

/** A step's error as the API shows it. */
export interface StepErrorView {
  kind: 'business' | 'technical' | 'timeout';
  code: string;
  message: string;
}

/** The compensation side of a step as the API shows it (null until compensation began). */
export interface CompensationView {
  command: string | null;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: StepErrorView | null;
  resolvedBy: { reason: string; by: string | null } | null;
}

/** A node of the saga's flow: a participant step, a parallel group, a choice, a wait or a delay. */
export interface StepView {
  name: string;
  type: FlowNodeType;
  /** The parallel group or choice and branch this node sits in; null at top level. */
  parent: { node: string; branch: string } | null;
  /** A choice: the branch it took (null before it chose, and for other nodes). */
  branch: string | null;
  /** A wait: the signal it waits for. */
  signal: string | null;
  /** Participant steps only (null for other node types). */
  participant: string | null;
  command: string | null;
  kind: StepKind | null;
  status: StepStatus;
  attempts: number;
  output: unknown;
  error: StepErrorView | null;
  startedAt: string | null;
  finishedAt: string | null;
  compensation: CompensationView | null;
  /** A child node: the definition it starts, its child saga (once started) and how that ended. */
  child: ChildSagaView | null;
}

/** The child saga of a child node. */
export interface ChildSagaView {
  definition: string;
  /** The pinned version; null: the latest when the child started. */
  version: number | null;
  /** Null until the child saga was created (or when it could not start). */
  sagaId: string | null;
  /** How the child ended, once the parent heard; null while it runs. */
  status: 'COMPLETED' | 'COMPENSATED' | null;
}

/** `GET /v1/sagas/{id}`. */
export interface SagaView {
  id: string;
  definition: string;
  version: number;
  status: SagaStatus;
  input: unknown;
  output: unknown;
  createdAt: string;
  updatedAt: string;
  /** A child saga: the parent saga and its child node that started it; null otherwise. */
  parentSagaId: string | null;
  parentStep: string | null;
  steps: StepView[];
}

/** One row of `GET /v1/sagas`. */
export interface SagaSummaryView {
  id: string;
  definition: string;
  version: number;
  status: SagaStatus;
  createdAt: string;
  updatedAt: string;
}

export interface SagaPage {
  items: SagaSummaryView[];
  /** Opaque; pass as `cursor` for the next (older) page. Null on the last page. */
  nextCursor: string | null;
}

/** One entry of `GET /v1/sagas/{id}/events`, oldest first. */
export interface StepLogEntryView {
  seq: number;
  type: StepLogType;
  step: string | null;
  attempt: number | null;
  at: string;
  data: Record<string, unknown> | null;
}
