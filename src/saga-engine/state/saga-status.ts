/** Where a saga is in its life. Terminal: COMPLETED, COMPENSATED. COMPENSATION_FAILED waits for an operator. */
export const SagaStatuses = {
  /** Steps are being executed forward. */
  RUNNING: 'RUNNING',
  /** A step failed (or the saga was cancelled): succeeded steps are being undone in reverse. */
  COMPENSATING: 'COMPENSATING',
  /** Every step succeeded. Terminal. */
  COMPLETED: 'COMPLETED',
  /** Every effect was undone. Terminal. */
  COMPENSATED: 'COMPENSATED',
  /** A compensation spent its retry budget; nothing earlier is undone until an operator acts. */
  COMPENSATION_FAILED: 'COMPENSATION_FAILED',
} as const;
export type SagaStatus = (typeof SagaStatuses)[keyof typeof SagaStatuses];

export const TerminalSagaStatuses: readonly SagaStatus[] = [SagaStatuses.COMPLETED, SagaStatuses.COMPENSATED];

/** True when nothing more will happen to the saga without an operator. */
export function isSagaFinished(status: SagaStatus): boolean {
  return TerminalSagaStatuses.includes(status);
}

/**
 * Where a saga rests until an operator acts, if ever: terminal, or COMPENSATION_FAILED (nothing
 * more happens on its own). What `Prefer: wait` waits for.
 */
export const SettledSagaStatuses: readonly SagaStatus[] = [...TerminalSagaStatuses, SagaStatuses.COMPENSATION_FAILED];

/** True when the saga will not move again without an operator. */
export function isSagaSettled(status: SagaStatus): boolean {
  return SettledSagaStatuses.includes(status);
}
