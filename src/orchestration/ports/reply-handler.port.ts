import type { ChildSagaFinishedMessage, CompensateChildSagaMessage, ParticipantAnnouncementMessage, StepReplyMessage } from '@saga-coordinator/contracts';
import type { InboundMessageResult } from './inbound-message-result.js';

/**
 * What the messaging layer hands inbound messages to. Resolves only after the resulting
 * transaction committed (the consumer acks after that); throws `StoreUnavailableError`
 * when PostgreSQL does not answer (the consumer keeps the message unacked and retries).
 */
export abstract class InboundMessageHandler {
  abstract handleReply(reply: StepReplyMessage): Promise<InboundMessageResult>;
  abstract recordAnnouncement(announcement: ParticipantAnnouncementMessage): Promise<void>;

  /**
   * A message the coordinator sent itself (parent ↔ child sagas). Rejected unless the handler
   * supports child sagas.
   */
  handleCoordinatorMessage(message: CoordinatorMessage): Promise<InboundMessageResult> {
    return Promise.resolve({ kind: 'rejected', reason: `${message.type} messages are not handled here` });
  }
}

/** A message from one saga to another through the coordinator's own queue. */
export type CoordinatorMessage =
  | { readonly type: 'child-finished'; readonly message: ChildSagaFinishedMessage }
  | { readonly type: 'compensate-child'; readonly message: CompensateChildSagaMessage };
