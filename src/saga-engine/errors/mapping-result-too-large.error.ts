import { SagaEngineErrorCodes } from './saga-engine-error-code.js';
import { SagaEngineError } from './saga-engine.error.js';

/**
 * A mapping (or the payload built without one) would be larger than a command payload may be
 * (`MAX_COMMAND_PAYLOAD_BYTES`, the size participants accept less the envelope). Thrown while
 * evaluating, before the oversized value is built where possible; the node fails with this code.
 */
export class MappingResultTooLargeError extends SagaEngineError {
  readonly code = SagaEngineErrorCodes.mappingResultTooLarge;

  constructor(
    readonly limitBytes: number,
    readonly detail: string,
    /** The mapping field whose value crossed the limit, when known. */
    readonly field?: string,
  ) {
    super(`${field === undefined ? '' : `The mapping field "${field}": `}${detail}, more than the ${limitBytes}-byte limit of a command payload.`);
  }

  /** The same refusal, naming the field it happened in. */
  inField(field: string): MappingResultTooLargeError {
    return this.field === undefined ? new MappingResultTooLargeError(this.limitBytes, this.detail, field) : this;
  }
}
