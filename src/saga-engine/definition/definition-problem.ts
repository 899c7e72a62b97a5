/** One reason a definition is rejected: where (RFC 6901 pointer into its JSON form) and why. */
export interface DefinitionProblem {
  /** e.g. `/steps/1/compensation`; `""` is the whole definition. */
  readonly pointer: string;
  /** One sentence a saga author can act on. */
  readonly message: string;
}

/** Bounds the validator enforces (unbounded structures are refused). */
export const DefinitionLimits = {
  maxSteps: 100,
  maxIdentifierLength: 100,
  maxTimeoutMs: 86_400_000,
  maxDeadlineMs: 30 * 86_400_000,
  /** A finished saga is kept at least a minute (a late duplicate still finds it) and at most ten years. */
  minRetentionMs: 60_000,
  maxRetentionMs: 3650 * 86_400_000,
  maxAttempts: 100,
  maxDelayMs: 86_400_000,
  maxBackoffCoefficient: 10,
  /** Parallel and choice nodes nest at most this deep (the top-level sequence is depth 1). */
  maxDepth: 4,
  /** Branches of one parallel group or choices of one choice node. */
  maxBranches: 10,
  /** Longest wait for a signal. */
  maxWaitMs: 30 * 86_400_000,
  /** Nodes (operators, values) in one expression, and fields in one mapping. */
  maxExpressionSize: 200,
  /**
   * Levels of child sagas below a saga a client started (top → mid → leaf is 2): checked at
   * registration, and by the runtime when an unpinned child's latest version nests deeper.
   */
  maxChildSagaDepth: 3,
  /** Bytes of a whole definition as JSON, its input schema included (the default HTTP body limit). */
  maxDefinitionBytes: 256 * 1024,
} as const;

/** RFC 6901 pointer from path segments (`~` and `/` escaped). */
export function pointerOf(...segments: readonly (string | number)[]): string {
  return segments.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
