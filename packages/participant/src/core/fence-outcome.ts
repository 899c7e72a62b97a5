/** What the fence recorded for one (saga, step, kind). */
export const FenceOutcomes = {
  /** `execute` ran and succeeded; the stored reply carries its output. */
  succeeded: 'succeeded',
  /** `execute` ran and refused (business failure); it wrote nothing. */
  failed: 'failed',
  /** `compensate` ran its handler and undid the step. */
  compensated: 'compensated',
  /**
   * Tombstone: a `compensate` arrived for a step that never took effect here (never ran, or
   * refused), so the handler did not run. A later `execute` for the step is refused.
   */
  nothingToUndo: 'nothing-to-undo',
} as const;
export type FenceOutcome = (typeof FenceOutcomes)[keyof typeof FenceOutcomes];

/** Failure codes the SDK itself puts in replies. */
export const SdkFailureCodes = {
  /** An `execute` arrived after the step's compensation: refused so no effect is left hanging. */
  alreadyCompensated: 'already-compensated',
  /** The handler threw: a technical error, retried by the coordinator per the step's policy. */
  handlerError: 'handler-error',
  /** The handler returned something that is not a valid result for the command's kind. */
  invalidHandlerResult: 'invalid-handler-result',
  /**
   * The command's payload does not match the `input` schema its handler was registered with.
   * An execute is answered `failed` (final: the saga compensates); a compensation is answered
   * `error` (retried, then `COMPENSATION_FAILED`). The handler does not run.
   */
  invalidPayload: 'invalid-payload',
  /** The handler's output does not match the `output` schema: rolled back, answered `error` (retried). */
  invalidOutput: 'invalid-output',
} as const;
export type SdkFailureCode = (typeof SdkFailureCodes)[keyof typeof SdkFailureCodes];
