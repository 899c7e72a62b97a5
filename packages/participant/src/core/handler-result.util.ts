import { type CommandKind, CommandKinds, ReplyOutcomes } from '@saga-coordinator/contracts';
import { FenceOutcomes } from './fence-outcome.js';
import type { FenceOutcome } from './fence-outcome.js';
import type { StoredReply } from './fence-record.js';
import { FailureLimits } from './step-result.js';

/** A handler result the fence can store: its outcome and the reply part to keep. */
export interface AcceptedResult {
  readonly outcome: FenceOutcome;
  readonly reply: StoredReply;
}

/**
 * Checks what a handler returned (handlers are user code: anything may come back) and turns it
 * into what the fence stores. Returns a sentence saying what is wrong when the result is not
 * valid for the command's kind or its output is not JSON.
 */
export function acceptHandlerResult(kind: CommandKind, result: unknown): AcceptedResult | string {
  if (typeof result !== 'object' || result === null || !('outcome' in result)) {
    return `the ${kind} handler returned ${describe(result)}, expected a StepResult`;
  }
  const { outcome } = result;
  if (kind === CommandKinds.compensate) {
    return outcome === ReplyOutcomes.compensated
      ? { outcome: FenceOutcomes.compensated, reply: {} }
      : `a compensation must return StepResult.compensated(), got outcome ${String(outcome)}`;
  }
  if (outcome === ReplyOutcomes.succeeded) {
    const output = (result as { output?: unknown }).output ?? null;
    return isJsonSerialisable(output) ? { outcome: FenceOutcomes.succeeded, reply: { output } } : 'the step output is not JSON-serialisable';
  }
  if (outcome === ReplyOutcomes.failed) {
    const { code, message } = result as { code?: unknown; message?: unknown };
    if (typeof code !== 'string' || code.length === 0 || code.length > FailureLimits.codeLength) {
      return 'a failed result needs a failure code of 1..200 characters';
    }
    return {
      outcome: FenceOutcomes.failed,
      reply: { failure: { code, message: typeof message === 'string' ? message.slice(0, FailureLimits.messageLength) : '' } },
    };
  }
  return `an execute handler must return StepResult.succeeded() or StepResult.failed(), got outcome ${String(outcome)}`;
}

/** Whether `value` survives JSON (the fence stores it as jsonb and the reply carries it). */
export function isJsonSerialisable(value: unknown): boolean {
  try {
    return JSON.stringify(value) !== undefined;
  } catch {
    return false;
  }
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value;
}
