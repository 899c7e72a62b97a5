import type { ParticipantAnnouncementMessage } from '../../contracts/participant-announcement.message.js';
import type { StepReplyMessage } from '../../contracts/step-reply.message.js';
import type { InboundMessageResult } from './inbound-message-result.js';

/**
 * What the messaging layer hands inbound messages to. Resolves only after the resulting
 * transaction committed (the consumer acks after that); throws `StoreUnavailableError`
 * when PostgreSQL does not answer (the consumer keeps the message unacked and retries).
 */
export abstract class InboundMessageHandler {
  abstract handleReply(reply: StepReplyMessage): Promise<InboundMessageResult>;
  abstract recordAnnouncement(announcement: ParticipantAnnouncementMessage): Promise<void>;
}
