/** Who hears about settled sagas. */
export interface SagaSettledListener {
  /** A saga settled (COMPLETED, COMPENSATED, COMPENSATION_FAILED), on this replica or another. */
  settled(sagaId: string): void;
  /** The feed re-connected: notifications may have been missed, re-check every saga waited for. */
  resync(): void;
}

/**
 * One notification path per process for "this saga settled", committed by any replica
 * (implemented with PostgreSQL LISTEN/NOTIFY in persistence). Waiting requests subscribe to it
 * instead of polling the store.
 */
export abstract class SagaSettledFeed {
  /** Returns the unsubscribe function. */
  abstract subscribe(listener: SagaSettledListener): () => void;
}
