import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { HousekeptTable } from '../observability/metrics/saga-metrics.port.js';
import { SagaMetrics } from '../observability/metrics/saga-metrics.port.js';
import { type DeletedRows, HousekeepingStore } from '../orchestration/ports/housekeeping-store.port.js';
import { SagaArchive } from '../orchestration/ports/saga-archive.port.js';
import { WakeableSleep } from '../orchestration/workers/wakeable-sleep.js';

/**
 * Retention, on every replica with no leader: deletes finished sagas past their retention (after
 * the archive took them), sent outbox rows past `OUTBOX_SENT_RETENTION_MS` and settled webhook
 * deliveries past `WEBHOOK_DELIVERY_RETENTION_MS`, in batches of
 * `HOUSEKEEPING_BATCH_SIZE`, each its own short transaction that skips rows another replica
 * holds. A sweep goes on while batches come back full, then the loop sleeps
 * `HOUSEKEEPING_INTERVAL_MS`. Running sagas and COMPENSATION_FAILED ones (they wait for an
 * operator) are never touched: only COMPLETED and COMPENSATED sagas have a finish time.
 * Every `INPUT_INDEX_REBUILD_INTERVAL_MS` one replica (whichever claims it) also rebuilds the saga
 * input index, which deleting sagas alone does not shrink.
 */
@Injectable()
export class HousekeepingService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HousekeepingService.name);
  private stopping = false;
  private loop: Promise<void> | undefined;
  private readonly pause = new WakeableSleep();

  constructor(
    private readonly store: HousekeepingStore,
    private readonly archive: SagaArchive,
    private readonly metrics: SagaMetrics,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.housekeepingEnabled) this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.pause.wake();
    await this.loop;
  }

  /** Deletes everything due now, batch after batch (each committed on its own); returns the rows deleted per table. */
  async sweep(): Promise<DeletedRows> {
    const total: Partial<Record<HousekeptTable, number>> = {};
    const limit = this.config.housekeepingBatchSize;
    // Each kind of batch, with the table whose count says whether it came back full.
    const batches: [HousekeptTable, () => Promise<DeletedRows>][] = [
      ['saga', () => this.store.deleteExpiredSagas(limit, this.config.retentionFinishedSagasMs, (ids) => this.archive.archive(ids))],
      ['outbox_message', () => this.store.deleteSentOutbox(limit, this.config.outboxSentRetentionMs)],
      ['webhook_delivery', () => this.store.deleteSettledWebhookDeliveries(limit, this.config.webhookDeliveryRetentionMs)],
    ];
    for (const [table, batch] of batches) {
      let full = true;
      while (full && !this.stopping) {
        const deleted = await this.timed(batch);
        full = (deleted[table] ?? 0) >= limit;
        for (const [name, count] of Object.entries(deleted) as [HousekeptTable, number][]) total[name] = (total[name] ?? 0) + count;
      }
    }
    return total;
  }

  private async timed(batch: () => Promise<DeletedRows>): Promise<DeletedRows> {
    const startedAt = performance.now();
    const deleted = await batch();
    this.metrics.housekeepingBatch({ deleted, durationMs: performance.now() - startedAt });
    return deleted;
  }

  /**
   * Rebuilds the saga input index when its interval has passed and this replica claimed it: a GIN
   * index keeps every key it ever held (the input values of deleted sagas too), so without a
   * rebuild it grows with every saga ever started. True when it ran here.
   */
  async rebuildInputIndexIfDue(): Promise<boolean> {
    const intervalMs = this.config.inputIndexRebuildIntervalMs;
    if (intervalMs === 0 || !(await this.store.claimInputIndexRebuild(intervalMs))) return false;
    const startedAt = performance.now();
    const { beforeBytes, afterBytes } = await this.store.rebuildInputIndex();
    const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
    this.logger.log(
      `saga input index rebuilt in ${((performance.now() - startedAt) / 1000).toFixed(1)} s: ${mb(beforeBytes)} MB -> ${mb(afterBytes)} MB`,
    );
    return true;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.sweep();
        if (!this.stopping) await this.rebuildInputIndexIfDue();
      } catch (error) {
        this.logger.warn(`housekeeping sweep failed: ${(error as Error).message}`);
      }
      await this.pause.sleep(this.config.housekeepingIntervalMs);
    }
  }
}
