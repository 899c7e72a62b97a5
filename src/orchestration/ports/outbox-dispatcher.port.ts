import type { OutboxMessage } from './outbox-message.js';

/**
 * Publish-right-after-commit fast path. The runtime calls `dispatch` after its transaction
 * committed; the implementation publishes with confirms and marks the rows sent. It must
 * never throw: whatever it fails to publish stays unsent and the relay's poll picks it up.
 */
export abstract class OutboxDispatcher {
  abstract dispatch(messages: readonly OutboxMessage[]): void;

  /**
   * A committed reply marked the command `messageId` sent in its own transaction: the
   * dispatcher need not mark it again. Optional (a dispatcher may always mark).
   */
  answered?(messageId: string): void;
}
