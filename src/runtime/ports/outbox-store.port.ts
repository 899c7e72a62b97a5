import type { OutboxMessage } from './outbox-message.js';

/** Persistence of the transactional outbox, as the relay sees it. */
export abstract class OutboxStore {
  /**
   * Leases up to `limit` unsent messages created at least `minAgeMs` ago (so the relay's
   * safety net does not race the publish-after-commit fast path) and not leased by another
   * replica (FOR UPDATE SKIP LOCKED + a lease of `leaseMs`). Oldest first.
   */
  abstract claimUnsent(limit: number, minAgeMs: number, leaseMs: number): Promise<OutboxMessage[]>;

  /** Marks messages (by message id) sent; called only after the broker confirmed them. */
  abstract markSent(messageIds: readonly string[]): Promise<void>;

  /** Unsent rows and the age of the oldest, for health and metrics. */
  abstract backlog(): Promise<{ count: number; oldestAgeMs: number | null }>;
}
