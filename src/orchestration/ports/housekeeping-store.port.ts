import type { HousekeptTable } from '../../observability/metrics/saga-metrics.port.js';

/** Rows one housekeeping transaction deleted, by table. */
export type DeletedRows = Readonly<Partial<Record<HousekeptTable, number>>>;

/**
 * What housekeeping deletes, one short transaction per call. Every replica calls these at once
 * with no leader: each batch locks its rows with `FOR UPDATE SKIP LOCKED`, so two replicas never
 * wait for each other and never delete the same row twice. Each method throws
 * `StoreUnavailableError` when the database cannot be reached, like every other store port.
 */
export abstract class HousekeepingStore {
  /**
   * Deletes up to `limit` finished sagas (COMPLETED or COMPENSATED) whose retention (their
   * definition version's `retentionMs`, else `defaultRetentionMs`) has passed since they
   * finished, with their step log, timers and inbox rows. `beforeDelete` gets the locked ids
   * first; nothing is deleted unless it resolves. A parent is kept while a child row still
   * names it, and a child is kept while its parent has not finished.
   */
  abstract deleteExpiredSagas(
    limit: number,
    defaultRetentionMs: number,
    beforeDelete: (sagaIds: readonly string[]) => Promise<void>,
  ): Promise<DeletedRows>;

  /** Deletes up to `limit` outbox rows sent more than `retentionMs` ago; an unsent row never. */
  abstract deleteSentOutbox(limit: number, retentionMs: number): Promise<DeletedRows>;

  /**
   * Deletes up to `limit` webhook deliveries settled (SUCCEEDED, or FAILED after the last attempt)
   * more than `retentionMs` ago, with their attempts; a PENDING delivery never.
   */
  abstract deleteSettledWebhookDeliveries(limit: number, retentionMs: number): Promise<DeletedRows>;

  /**
   * True for exactly one caller per `intervalMs` across replicas: the input index rebuild is due
   * and this caller took it (the claim is recorded before the rebuild runs).
   */
  abstract claimInputIndexRebuild(intervalMs: number): Promise<boolean>;

  /**
   * Rebuilds the saga input index without blocking writes (`REINDEX INDEX CONCURRENTLY`), first
   * dropping what an interrupted rebuild left behind; answers its size in bytes before and after.
   */
  abstract rebuildInputIndex(): Promise<{ beforeBytes: number; afterBytes: number }>;
}
