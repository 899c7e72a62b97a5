import type { Decision } from '../../saga-engine/decision.js';
import { PayloadFailureCodes } from '../../saga-engine/transitions/payload-failure-code.js';
import type { ValidationIssue } from '../errors/invalid-saga-input.error.js';

/**
 * The nodes a saga's first decision failed because the payload built from the input would be
 * larger than a command may be: a start that would only turn back at once is refused instead
 * (422, nothing written). Pointer `""` is the input as a whole (the API shows it as `/input`).
 */
export function oversizedFirstPayloads(decision: Decision): ValidationIssue[] {
  return Object.values(decision.state.steps).flatMap((step) =>
    step.lastError?.code === PayloadFailureCodes.tooLarge ? [{ pointer: '', message: step.lastError.message }] : [],
  );
}
