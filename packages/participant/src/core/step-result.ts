import { ReplyOutcomes } from '@saga-coordinator/contracts';

/** An `execute` handler's success: `output` is stored by the coordinator and handed to the compensation (undo data). */
export interface SucceededResult<Output = unknown> {
  readonly outcome: typeof ReplyOutcomes.succeeded;
  readonly output: Output;
}

/** An `execute` handler's business refusal: final, never retried; the handler must have written nothing. */
export interface FailedResult {
  readonly outcome: typeof ReplyOutcomes.failed;
  readonly code: string;
  readonly message: string;
}

/** A compensation handler's success (including "there was nothing to undo"). */
export interface CompensatedResult {
  readonly outcome: typeof ReplyOutcomes.compensated;
}

/** What an `execute` handler returns. Anything thrown instead is a technical error. */
export type ExecuteResult<Output = unknown> = SucceededResult<Output> | FailedResult;

/** The longest failure code / message a reply may carry (see `ReplyFailure` in the contracts). */
export const FailureLimits = { codeLength: 200, messageLength: 4000 } as const;

/**
 * Builders for handler results. Business failure is a value (`StepResult.failed`); a thrown
 * error is a technical error that the coordinator retries per the step's policy.
 */
export const StepResult = {
  /** The step did its work; `output` (JSON) becomes its compensation's undo data. */
  succeeded<Output = null>(output?: Output): SucceededResult<Output> {
    return { outcome: ReplyOutcomes.succeeded, output: (output === undefined ? null : output) as Output };
  },
  /** The step refused for a business reason (declined, out of stock). Codes are kebab-case. */
  failed(code: string, message = ''): FailedResult {
    if (code.length === 0 || code.length > FailureLimits.codeLength) {
      throw new RangeError(`A failure code must be 1..${FailureLimits.codeLength} characters, got ${code.length}`);
    }
    return { outcome: ReplyOutcomes.failed, code, message: truncate(message, FailureLimits.messageLength) };
  },
  /** The compensation undid the step (or found nothing to undo). */
  compensated(): CompensatedResult {
    return { outcome: ReplyOutcomes.compensated };
  },
} as const;

/** Cuts `text` to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
