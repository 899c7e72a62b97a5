import type { OperatorRefusalCode } from './saga-engine-error-code.js';
import { SagaEngineError } from './saga-engine.error.js';

/**
 * Base of the one family of operator refusals: a request the saga's state does not accept.
 * Thrown by `decide` (the only check), so nothing was changed. `sagaId` comes from the
 * decision context when the runtime gave one, and names the saga in the message.
 */
export abstract class OperatorRefusalError extends SagaEngineError {
  abstract override readonly code: OperatorRefusalCode;

  constructor(
    readonly sagaId: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** "Saga <id>" when the id is known, "The saga" otherwise: the subject of every refusal message. */
export function sagaSubject(sagaId: string | undefined): string {
  return sagaId === undefined ? 'The saga' : `Saga ${sagaId}`;
}
