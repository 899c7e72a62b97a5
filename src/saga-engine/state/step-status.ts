/** Where one step is in its life, forward and backward. */
export const StepStatuses = {
  /** Not started yet. */
  PENDING: 'PENDING',
  /** Command sent (or a retry scheduled); waiting for the participant. */
  RUNNING: 'RUNNING',
  /** The participant reported success; its output is stored as undo data. */
  SUCCEEDED: 'SUCCEEDED',
  /** Business failure, or technical errors past the retry budget. Nothing to undo. */
  FAILED: 'FAILED',
  /** No answer within the timeout after the last attempt: maybe done, so it is compensated too. */
  TIMED_OUT: 'TIMED_OUT',
  /** Its compensation command is out (or a compensation retry is scheduled). */
  COMPENSATING: 'COMPENSATING',
  /** Undone (or an operator resolved it by hand). */
  COMPENSATED: 'COMPENSATED',
  /** Its compensation spent its retry budget; waits for an operator. */
  COMPENSATION_FAILED: 'COMPENSATION_FAILED',
  /** Never ran because the saga turned back (or a branch was not chosen). */
  SKIPPED: 'SKIPPED',
} as const;
export type StepStatus = (typeof StepStatuses)[keyof typeof StepStatuses];
