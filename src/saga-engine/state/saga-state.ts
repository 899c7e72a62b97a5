import type { SagaStatus } from './saga-status.js';
import type { StepStatus } from './step-status.js';

/** Why a step attempt or a compensation did not succeed. */
export interface StepError {
  /** `business`: a participant's refusal (final). `technical`: retried. `timeout`: no reply in time. */
  readonly kind: 'business' | 'technical' | 'timeout';
  readonly code: string;
  readonly message: string;
}

/** The compensation side of one step. */
export interface CompensationState {
  /** Attempts made so far (1-based current attempt once started). */
  readonly attempt: number;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** When a retry is scheduled after a technical error or a timeout. */
  readonly nextAttemptAt?: string;
  readonly lastError?: StepError;
  /** Set when an operator resolved the step by hand instead. */
  readonly resolvedBy?: { readonly reason: string; readonly by?: string };
  /**
   * The attempt at which the current retry budget began (1 at first; an operator retry
   * grants a fresh budget while attempt numbers keep growing, so message ids stay unique).
   */
  readonly budgetStartAttempt?: number;
}

/** One step's state. Keyed by step name in `SagaState.steps`. */
export interface StepState {
  readonly status: StepStatus;
  /** Execute attempts made so far (0 before the first command). */
  readonly attempt: number;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** When a retry is scheduled after a technical error or a timeout. */
  readonly nextAttemptAt?: string;
  /** The participant's result on success: what the compensation receives. */
  readonly output?: unknown;
  readonly lastError?: StepError;
  /**
   * Set once an attempt timed out: that attempt may still take effect, so the step counts as
   * maybe-done (and is compensated) even if a later attempt reports a technical error.
   */
  readonly maybeDone?: boolean;
  /** Present once compensation of this step has begun. */
  readonly compensation?: CompensationState;
  /** A choice node: the branch it took. */
  readonly branch?: string;
  /** A child node: how its child saga ended, once the parent heard (`COMPLETED` or `COMPENSATED`). */
  readonly childStatus?: 'COMPLETED' | 'COMPENSATED';
}

/** Why the saga turned back. */
export interface SagaFailure {
  readonly step?: string;
  /** `parent-compensation`: this is a child saga and its parent asked it to undo itself. */
  readonly reason: 'step-failed' | 'cancelled' | 'deadline-exceeded' | 'parent-compensation';
  readonly error?: StepError;
  /** Free text given with a cancel request. */
  readonly message?: string;
  /** Who asked (cancel). */
  readonly by?: string;
}

/**
 * Everything the engine knows about one saga instance. Plain JSON (stored as jsonb);
 * the engine never mutates it and returns a new one.
 */
export interface SagaState {
  readonly status: SagaStatus;
  readonly input: unknown;
  /** Every node of the definition (steps, parallel groups, choices, waits, delays), by name. */
  readonly steps: Readonly<Record<string, StepState>>;
  /**
   * Step names in the order they became done or maybe-done (SUCCEEDED or TIMED_OUT).
   * Compensation walks this list backwards: exactly the reverse of completion.
   */
  readonly completionOrder: readonly string[];
  readonly failure?: SagaFailure;
  /** Set when the saga completes. */
  readonly output?: unknown;
  /** Set on a child saga: the parent saga and its child node that started it. */
  readonly parent?: SagaParent;
}

/** The parent of a child saga. */
export interface SagaParent {
  readonly sagaId: string;
  readonly step: string;
  /** Levels below the saga a client started: 1 for its children (absent on children started before it was kept). */
  readonly depth?: number;
  /** Notices sent to the parent so far. */
  readonly notices?: number;
}
