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

/**
 * A declarative expression (JSON Logic, https://jsonlogic.com) evaluated against
 * `{ input, outputs }`: the saga input and the outputs of the nodes that ran before, by name.
 * Only the operators of `MappingOperators` are allowed and every `var` names a literal path.
 */
export type Expression = unknown;

/**
 * How a node's payload (or the saga's output) is built: each field is an `Expression`.
 * `{ "orderId": { "var": "input.orderId" }, "amount": { "var": "outputs.quote.total" } }`.
 */
export type Mapping = Readonly<Record<string, Expression>>;

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
  /** The command payload; absent: `{ input, outputs }` (the saga input and every earlier output). */
  readonly input?: Mapping;
}

/** One branch of a parallel group or a choice: a named sequence of nodes. */
export interface BranchDefinition {
  /** Unique within its group; kebab-case. */
  readonly name: string;
  readonly steps: readonly FlowNode[];
}

/** Fork/join: every branch starts together; the group is done when all are. */
export interface ParallelDefinition {
  readonly type: 'parallel';
  readonly name: string;
  readonly branches: readonly BranchDefinition[];
}

/** One alternative of a choice: taken when `when` is truthy (the first such wins). */
export interface ChoiceBranchDefinition extends BranchDefinition {
  readonly when: Expression;
}

/** Runs exactly one branch: the first whose condition holds, else `otherwise`. */
export interface ChoiceDefinition {
  readonly type: 'choice';
  readonly name: string;
  readonly choices: readonly ChoiceBranchDefinition[];
  /** The default branch (may have no steps). */
  readonly otherwise: BranchDefinition;
}

/** Suspends until `POST /v1/sagas/{id}/signals/{signal}`; the payload becomes its output. */
export interface WaitDefinition {
  readonly type: 'wait';
  readonly name: string;
  /** The signal name awaited; kebab-case. */
  readonly signal: string;
  /** No signal by then: the wait fails and the saga compensates. */
  readonly timeoutMs: number;
}

/** A durable pause (a timer row, no memory held). */
export interface DelayDefinition {
  readonly type: 'delay';
  readonly name: string;
  readonly delayMs: number;
}

/** Which definition a child step starts: the latest version at start unless one is pinned. */
export interface ChildDefinitionRef {
  readonly name: string;
  /** Pinned version; absent: the latest registered when the child starts. */
  readonly version?: number;
}

/**
 * Starts another registered definition as a child saga and waits for its outcome: the child
 * completing is this node succeeding (its output is the child's), the child failing (it
 * compensated itself) is this node failing. Compensating the parent compensates a completed
 * child: the parent asks it to undo itself and waits for it to be COMPENSATED.
 */
export interface ChildDefinition {
  readonly type: 'child';
  readonly name: string;
  readonly definition: ChildDefinitionRef;
  /** `compensatable` (default) needs a child definition without a point of no return; or `pivot`. Never `retriable`: a child can fail. */
  readonly kind: StepKind;
  /** The child's input; absent: `{ input, outputs }` like a step's payload. */
  readonly input?: Mapping;
  /** No outcome by then: the child counts as maybe-done, is cancelled and compensated. Compensatable children only. */
  readonly timeoutMs?: number;
}

/** Node types of a flow. */
export const FlowNodeTypes = {
  /** A participant's command (and compensation). */
  step: 'step',
  /** Fork/join of branches. */
  parallel: 'parallel',
  /** One branch chosen by conditions, with a default. */
  choice: 'choice',
  /** Suspends until a signal arrives or the timeout fails it. */
  wait: 'wait',
  /** A durable pause. */
  delay: 'delay',
  /** Another definition started as a child saga; its outcome is this node's. */
  child: 'child',
} as const;
export type FlowNodeType = (typeof FlowNodeTypes)[keyof typeof FlowNodeTypes];

/** A node of the definition's flow. State is keyed by node name (names are unique across the flow). */
export type FlowNode = StepDefinition | ParallelDefinition | ChoiceDefinition | WaitDefinition | DelayDefinition | ChildDefinition;

/** Nodes without branches: they do something (or wait) themselves. */
export type LeafNode = StepDefinition | WaitDefinition | DelayDefinition | ChildDefinition;

/** Nodes with an effect and a kind (compensatable → pivot → retriable): participant steps and child sagas. */
export type WorkNode = StepDefinition | ChildDefinition;

/** A named, versioned saga: input schema plus an ordered flow of nodes. */
export interface SagaDefinition {
  readonly name: string;
  /** Positive integer; versions are immutable once registered. */
  readonly version: number;
  readonly description?: string;
  /** JSON Schema (draft 2020-12) the saga input must satisfy. */
  readonly inputSchema: Readonly<Record<string, unknown>>;
  /** Executed in order (parallel and choice nodes nest further sequences). */
  readonly steps: readonly FlowNode[];
  /** Optional whole-saga deadline; when it passes a running saga compensates. */
  readonly deadlineMs?: number;
  /**
   * How long a finished (COMPLETED or COMPENSATED) saga of this version is kept before
   * housekeeping deletes it; absent: the service's `RETENTION_FINISHED_SAGAS_MS`.
   */
  readonly retentionMs?: number;
  /** The saga's output on completion; absent: every succeeded node's output by name. */
  readonly output?: Mapping;
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
