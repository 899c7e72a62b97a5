/**
 * What the metrics (at scrape time) and the readiness probe read from the store: figures shared
 * by every replica, so they come from the database, not from one process's memory. Implemented
 * in persistence (every query lives there); this folder runs no SQL.
 */
export abstract class StoreReadings {
  /** Sagas not finished yet (RUNNING, COMPENSATING, COMPENSATION_FAILED), by definition and status. */
  abstract inFlightSagas(): Promise<readonly { definition: string; status: string; count: number }[]>;
  /** Unsent outbox rows and the age of the oldest (null when there is none). */
  abstract outboxBacklog(): Promise<{ count: number; oldestAgeMs: number | null }>;
}
