import type { SagaStatus } from '../saga-status.js';

/**
 * What `saga` exits with, so a shell can branch on how a saga ended (`sagas wait`,
 * `sagas start --wait`); every other command exits 0 or Error.
 */
export const ExitCodes = {
  /** Done; for a wait: the saga COMPLETED. */
  Success: 0,
  /** The coordinator answered with a problem, could not be reached, or the command line was wrong. */
  Error: 1,
  /** The saga was COMPENSATED: every effect undone. */
  Compensated: 2,
  /** The saga is COMPENSATION_FAILED: an operator must act. */
  CompensationFailed: 3,
  /** The wait ended before the saga settled. */
  WaitTimedOut: 4,
} as const;
export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes];

/** The exit code of a settled saga. */
export function exitCodeForStatus(status: SagaStatus): ExitCode {
  switch (status) {
    case 'COMPLETED':
      return ExitCodes.Success;
    case 'COMPENSATED':
      return ExitCodes.Compensated;
    case 'COMPENSATION_FAILED':
      return ExitCodes.CompensationFailed;
    default:
      return ExitCodes.WaitTimedOut;
  }
}
