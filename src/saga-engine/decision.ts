import type { CommandKind } from '@saga-coordinator/contracts';
import type { SagaState } from './state/saga-state.js';
import type { StepLogType } from './step-log-type.js';

/** Kinds of durable timers the engine asks for. */
export const TimerKinds = {
  /** An execute attempt got no reply in time. */
  stepTimeout: 'step-timeout',
  /** Backoff before the next execute attempt is over. */
  stepRetry: 'step-retry',
  /** A compensate attempt got no reply in time. */
  compensationTimeout: 'compensation-timeout',
  /** Backoff before the next compensate attempt is over. */
  compensationRetry: 'compensation-retry',
  /** The whole-saga deadline passed. */
  sagaDeadline: 'saga-deadline',
  /** A wait got no signal in time: it fails and the saga compensates. */
  waitTimeout: 'wait-timeout',
  /** A delay step is over. */
  delayElapsed: 'delay-elapsed',
} as const;
export type TimerKind = (typeof TimerKinds)[keyof typeof TimerKinds];

/** A command for a participant, without transport details (the runtime adds ids and envelope). */
export interface CommandToSend {
  readonly step: string;
  readonly participant: string;
  readonly command: string;
  readonly kind: CommandKind;
  readonly attempt: number;
  readonly payload: unknown;
  /** How long the participant has (the runtime turns it into an absolute deadline). */
  readonly timeoutMs: number;
}

/** A durable timer to arm. Its identity is (kind, step, attempt): arming it twice is a no-op. */
export interface TimerToArm {
  readonly kind: TimerKind;
  readonly step?: string;
  readonly attempt?: number;
  readonly dueInMs: number;
}

/** One entry for the saga's step log; the runtime adds `seq` and `at`. */
export interface LogEntry {
  readonly type: StepLogType;
  readonly step?: string;
  readonly attempt?: number;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Start a child saga of `definition` for the child node `step` (the runtime creates it in the same transaction). */
export interface ChildSagaToStart {
  readonly step: string;
  readonly definition: { readonly name: string; readonly version?: number };
  readonly input: unknown;
  /** No outcome within this long: the parent's child step times out. */
  readonly timeoutMs?: number;
}

/**
 * Ask the child saga of node `step` to undo itself: a running child turns back (`reason`
 * `cancel`: the parent turned back while it ran), a completed one compensates its steps
 * (`reason` `compensate`). It reports COMPENSATED when done.
 */
export interface ChildSagaToCompensate {
  readonly step: string;
  readonly reason: 'cancel' | 'compensate';
  readonly attempt: number;
}

/** A child saga finished: its parent is told (through the outbox), never locked in the same transaction. */
export interface ParentNotice {
  readonly parentSagaId: string;
  readonly step: string;
  readonly status: 'COMPLETED' | 'COMPENSATED';
  /** 1 for the child's first notice, then 2…: makes each notice's message id unique and deterministic. */
  readonly sequence: number;
  readonly output?: unknown;
  /** Why a COMPENSATED child turned back (its failed step's error, or a cancel). */
  readonly failure?: { readonly code: string; readonly message: string };
}

/**
 * What `decide` returns: the new state and the actions that follow from it. The runtime
 * applies all of it in one transaction. A trigger that changes nothing (duplicate, stale or
 * late reply) yields the same state, no commands and no timers (possibly a log entry).
 */
export interface Decision {
  readonly state: SagaState;
  readonly log: readonly LogEntry[];
  readonly commands: readonly CommandToSend[];
  readonly timers: readonly TimerToArm[];
  /** Timers that are no longer needed (their step moved on). Firing them anyway is harmless. */
  readonly cancelTimers: readonly Omit<TimerToArm, 'dueInMs'>[];
  /** Child sagas to create (present only when there are some). */
  readonly startChildren?: readonly ChildSagaToStart[];
  /** Child sagas to ask to undo themselves (present only when there are some). */
  readonly compensateChildren?: readonly ChildSagaToCompensate[];
  /** This saga is a child and just finished (or was asked again after finishing): tell the parent. */
  readonly parentNotice?: ParentNotice;
}

/** Inputs from the outside world, so the engine stays pure and deterministic under test. */
export interface DecisionContext {
  /** Current time, ISO 8601 (from the database clock in the runtime). */
  readonly now: string;
  /** Returns a number in [0, 1): jitter source. */
  readonly random: () => number;
}
