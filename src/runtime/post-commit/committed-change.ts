import type { Decision } from '../../saga-engine/decision.js';
import type { SagaState } from '../../saga-engine/state/saga-state.js';
import type { SagaTrigger } from '../../saga-engine/triggers/saga-trigger.js';
import type { OutboxMessage } from '../ports/outbox-message.js';

/** One saga's decision in a committed transaction. */
export interface CommittedSaga {
  readonly sagaId: string;
  /** Definition name (a bounded metrics label). */
  readonly definition: string;
  /** The state before the trigger; undefined for a saga this transaction created. */
  readonly previous: SagaState | undefined;
  readonly decision: Decision;
}

/**
 * What one runtime transaction committed, handed to every post-commit listener. Several sagas
 * when the decision started child sagas (the saga the trigger was for comes first).
 */
export interface CommittedChange {
  /** The trigger applied (`StartSaga` for a saga created by a client). */
  readonly trigger: SagaTrigger['type'];
  readonly sagas: readonly CommittedSaga[];
  /** Outbox rows the transaction wrote: the publish-right-after-commit fast path takes them. */
  readonly outbox: readonly OutboxMessage[];
  /** The command a reply answered: its outbox row was marked sent in this transaction. */
  readonly answered?: string;
}
