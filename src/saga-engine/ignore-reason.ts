/** Why a trigger changed nothing (the `why` of a `ReplyIgnored` log entry). */
export const IgnoreReasons = {
  /** The saga is COMPLETED or COMPENSATED. */
  sagaFinished: 'saga-finished',
  /** The step is not part of the saga's definition. */
  unknownStep: 'unknown-step',
  /** A timer without the step or attempt its kind needs. */
  malformedTimer: 'malformed-timer',
  /** An outcome that does not belong to the command kind (`compensated` for an execute...). */
  outcomeDoesNotMatchKind: 'outcome-does-not-match-kind',
  /** The step is no longer (or not yet) running: a duplicate or late reply. */
  stepNotRunning: 'step-not-running',
  /** The step is not being compensated: a duplicate or late compensation reply. */
  stepNotCompensating: 'step-not-compensating',
  /** The attempt was never sent. */
  unknownAttempt: 'unknown-attempt',
  /** A failure of an attempt that a newer attempt replaced. */
  olderAttempt: 'older-attempt',
  /** The attempt's failure or timeout was already handled (a retry is scheduled). */
  attemptAlreadyHandled: 'attempt-already-handled',
  /** A timer whose step or attempt moved on. */
  timerOutdated: 'timer-outdated',
  /** The saga is not running forward (a deadline or step retry after it turned back). */
  sagaNotRunning: 'saga-not-running',
  /** The pivot has started: the saga can only go forward, so a deadline no longer applies. */
  pastPointOfNoReturn: 'past-point-of-no-return',
  /** A child saga's notice its node has moved past (a late COMPLETED while the child is being compensated, a repeat). */
  childOutcomeOutdated: 'child-outcome-outdated',
  /** A cancel for a saga that is already turning back. */
  alreadyTurningBack: 'already-turning-back',
} as const;
export type IgnoreReason = (typeof IgnoreReasons)[keyof typeof IgnoreReasons];
