import type { SagaStatus } from '../../saga-engine/state/saga-status.js';
import type { StoredSagaSummary } from '../../runtime/ports/saga-store.port.js';

/** Sagas per status, and how many of them need an operator's attention. */
export interface StoredSagaCounts {
  readonly byStatus: Readonly<Partial<Record<SagaStatus, number>>>;
  readonly needsAttention: number;
}

/** Sagas whose step log grew after an instant, and the database clock when it was read. */
export interface SagaChanges {
  readonly sagas: readonly StoredSagaSummary[];
  /** Pass back as `since` (minus an overlap) on the next poll. */
  readonly readAt: string;
}

/**
 * Read-only queries of the dashboard. "Needs attention" means: `COMPENSATION_FAILED`, or
 * `RUNNING`/`COMPENSATING` for longer than a threshold, or waiting out a retry backoff.
 */
export abstract class SagaMonitorStore {
  abstract counts(runningLongerThanMs: number): Promise<StoredSagaCounts>;
  /** Sagas with a step-log entry stamped after `since` (all recent ones when null), oldest change first. */
  abstract changedSince(since: string | null, limit: number): Promise<SagaChanges>;
}
