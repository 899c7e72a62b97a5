import type { CommandKind, ReplyFailure, ReplyOutcome } from '@saga-coordinator/contracts';
import type { TimerKind } from '../decision.js';

/** Something that happened to a saga; the engine decides what follows. */
export type SagaTrigger =
  | StartSaga
  | StepReplyReceived
  | TimerFired
  | CancelRequested
  | RetryRequested
  | StepResolved
  | SignalReceived
  | ChildSagaFinished
  | ParentCompensationRequested;

/** A client asked to start the saga with this input (already validated against the schema). */
export interface StartSaga {
  readonly type: 'StartSaga';
  readonly input: unknown;
  /** Present when a parent saga's child node starts this saga. */
  readonly parent?: { readonly sagaId: string; readonly step: string; readonly depth?: number };
}

/** A participant answered a command. May be late, duplicated or stale: the engine decides. */
export interface StepReplyReceived {
  readonly type: 'StepReplyReceived';
  readonly step: string;
  readonly kind: CommandKind;
  readonly attempt: number;
  readonly outcome: ReplyOutcome;
  readonly output?: unknown;
  readonly failure?: ReplyFailure;
}

/** A durable timer the engine asked for came due. May be stale (the step moved on). */
export interface TimerFired {
  readonly type: 'TimerFired';
  readonly kind: TimerKind;
  readonly step?: string;
  readonly attempt?: number;
}

/** An operator or client asked a running saga to turn back. */
export interface CancelRequested {
  readonly type: 'CancelRequested';
  readonly reason?: string;
  readonly by?: string;
}

/** An operator asked a COMPENSATION_FAILED saga to try its compensation again (fresh budget). */
export interface RetryRequested {
  readonly type: 'RetryRequested';
  readonly by?: string;
}

/** An operator undid a step by hand; the saga continues compensating the steps before it. */
export interface StepResolved {
  readonly type: 'StepResolved';
  readonly step: string;
  readonly reason: string;
  readonly by?: string;
}

/** A client delivered a named signal to the saga (`POST /v1/sagas/{id}/signals/{name}`). */
export interface SignalReceived {
  readonly type: 'SignalReceived';
  readonly signal: string;
  readonly payload: unknown;
}

/** The child saga of node `step` finished (a `ParentNotice` delivered through the inbound queue). May be stale. */
export interface ChildSagaFinished {
  readonly type: 'ChildSagaFinished';
  readonly step: string;
  readonly status: 'COMPLETED' | 'COMPENSATED';
  readonly output?: unknown;
  readonly failure?: { readonly code: string; readonly message: string };
}

/** This saga is a child and its parent asked it to undo itself (cancel while running, compensate once completed). */
export interface ParentCompensationRequested {
  readonly type: 'ParentCompensationRequested';
  readonly reason: 'cancel' | 'compensate';
}
