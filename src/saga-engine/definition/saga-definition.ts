/**
 * The saga model (ARCHITECTURE §2). Definitions are data: the TypeScript builder and the JSON
 * form both produce a `SagaDefinition`. A running saga stays pinned to the version it started on.
 */

/** Where a step sits relative to the point of no return. Order in a saga: compensatable* → pivot? → retriable*. */
export const StepKinds = {
  /** Has a compensation; undone if a later step fails. The default. */
  compensatable: 'compensatable',
  /** The point of no return: no compensation; once it succeeds the saga only goes forward. */
  pivot: 'pivot',
  /** After the pivot: retried until it succeeds, never compensated. */
  retriable: 'retriable',
} as const;
export type StepKind = (typeof StepKinds)[keyof typeof StepKinds];

/** Retries of technical errors: exponential backoff with jitter, capped. */
export interface RetryPolicy {
  /** Total attempts including the first (1 = no retry). */
  readonly maxAttempts: number;
  /** Delay before the 2nd attempt. */
  readonly initialDelayMs: number;
  /** Growth factor per attempt. */
  readonly backoffCoefficient: number;
  /** Upper bound of any single delay. */
  readonly maxDelayMs: number;
  /** Fraction (0..1) of the delay randomised away ("equal jitter"): 0 = none. */
  readonly jitter: number;
}

/** One unit of work performed by one participant. */
export interface StepDefinition {
  readonly type: 'step';
  /** Unique within the definition; kebab-case by convention (`reserve-inventory`). */
  readonly name: string;
  /** The participant service that owns the step (`inventory`). */
  readonly participant: string;
  /** The command the participant executes (`reserve-inventory`). */
  readonly command: string;
  /** The command that undoes it; required for `compensatable`, absent otherwise. */
  readonly compensation?: string;
  readonly kind: StepKind;
  /** How long one attempt may take before it counts as timed out (maybe-done). */
  readonly timeoutMs: number;
  /** Retries of the step's technical errors and timeouts. */
  readonly retry: RetryPolicy;
  /** Retries of the compensation's technical errors and timeouts (its own budget). */
  readonly compensationRetry: RetryPolicy;
}

/**
 * A node of the definition's flow. Only `step` exists today; parallel groups, choices, waits,
 * delays and child sagas join this union without changing the engine's state shape
 * (state is keyed by node name, and compensation follows the recorded completion order).
 */
export type FlowNode = StepDefinition;

/** A named, versioned saga: input schema plus an ordered flow of nodes. */
export interface SagaDefinition {
  readonly name: string;
  /** Positive integer; versions are immutable once registered. */
  readonly version: number;
  readonly description?: string;
  /** JSON Schema (draft 2020-12) the saga input must satisfy. */
  readonly inputSchema: Readonly<Record<string, unknown>>;
  /** Executed in order. */
  readonly steps: readonly FlowNode[];
  /** Optional whole-saga deadline; when it passes a running saga compensates. */
  readonly deadlineMs?: number;
}

/** Defaults applied by the builder and the JSON form when a step leaves them out. */
export const DefaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  initialDelayMs: 200,
  backoffCoefficient: 2,
  maxDelayMs: 10_000,
  jitter: 0.2,
};
export const DefaultCompensationRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 200,
  backoffCoefficient: 2,
  maxDelayMs: 30_000,
  jitter: 0.2,
};
export const DefaultStepTimeoutMs = 30_000;
