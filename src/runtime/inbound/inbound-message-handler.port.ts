import type { ChildSagaFinishedMessage, CompensateChildSagaMessage } from '@saga-coordinator/contracts';
import type { StepReplyMessage } from '@saga-coordinator/contracts';
import type { InboundMessageResult } from './inbound-message-result.js';

/** A message from one saga to another through the coordinator's own queue. */
export type CoordinatorMessage =
  | { readonly type: 'child-finished'; readonly message: ChildSagaFinishedMessage }
  | { readonly type: 'compensate-child'; readonly message: CompensateChildSagaMessage };

/**
 * What the messaging layer hands saga messages to (implemented by `SagaInboundMessageHandler`
 * on the runtime). Resolves only after the resulting transaction committed (the consumer acks
 * after that); throws the store's `StoreUnavailableError` when PostgreSQL does not answer (the
 * consumer keeps the message unacked and retries).
 */
export abstract class InboundMessageHandler {
  /** A participant's reply to a command. */
  abstract handleReply(reply: StepReplyMessage): Promise<InboundMessageResult>;
  /** A message the coordinator sent itself (parent ↔ child sagas). */
  abstract handleCoordinatorMessage(message: CoordinatorMessage): Promise<InboundMessageResult>;
}
