import { Injectable, Logger, type OnModuleDestroy, Optional } from '@nestjs/common';
import { toSagaSummaryView } from '../mappers/saga-view.mapper.js';
import { SagaMonitorStore } from '../ports/saga-monitor-store.port.js';
import type { SagaSummaryView } from '../views/saga.view.js';

/** One open stream: told of each changed saga, and when the feed closes (shutdown). */
export interface SagaChangeSubscriber {
  changed(saga: SagaSummaryView): void;
  closed(): void;
}

/** Timing of the feed's poll. */
export interface SagaChangeFeedOptions {
  readonly pollIntervalMs: number;
  /**
   * Each poll looks this far behind the previous one: a step-log entry is stamped when its
   * transaction starts, so it may become visible a little after a poll that should have seen it.
   */
  readonly overlapMs: number;
  readonly batchSize: number;
}

export const DefaultSagaChangeFeedOptions: SagaChangeFeedOptions = { pollIntervalMs: 500, overlapMs: 5_000, batchSize: 500 };

/**
 * Saga changes for `GET /v1/sagas/stream`, on any replica: one poll of the step log per process
 * (not per stream), only while a stream is open; each saga version is announced once. The
 * database is the source of truth, so a change made through another replica shows up too.
 * At shutdown every stream is closed (and new ones end at once), so open streams never hold the
 * HTTP server open.
 */
@Injectable()
export class SagaChangeFeed implements OnModuleDestroy {
  private readonly logger = new Logger(SagaChangeFeed.name);
  private readonly subscribers = new Set<SagaChangeSubscriber>();
  /** id → updatedAt last announced, with when it was announced (for pruning). */
  private readonly announced = new Map<string, { updatedAt: string; at: number }>();
  private readonly options: SagaChangeFeedOptions;
  private timer: NodeJS.Timeout | undefined;
  private since: string | null = null;
  private shuttingDown = false;

  constructor(
    private readonly store: SagaMonitorStore,
    @Optional() options?: SagaChangeFeedOptions,
  ) {
    this.options = options ?? DefaultSagaChangeFeedOptions;
  }

  get openStreams(): number {
    return this.subscribers.size;
  }

  /** Starts polling if this is the first subscriber; returns the unsubscribe function. */
  subscribe(subscriber: SagaChangeSubscriber): () => void {
    if (this.shuttingDown) {
      subscriber.closed();
      return () => undefined;
    }
    this.subscribers.add(subscriber);
    if (this.timer === undefined) this.schedule();
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  /** The first shutdown hook: streams end as soon as shutdown begins, long before the HTTP server closes. */
  onModuleDestroy(): void {
    this.shuttingDown = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const subscriber of this.subscribers) subscriber.closed();
    this.subscribers.clear();
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.poll(), this.options.pollIntervalMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    if (this.subscribers.size === 0 || this.shuttingDown) {
      this.timer = undefined;
      this.since = null;
      this.announced.clear();
      return;
    }
    try {
      const { sagas, readAt } = await this.store.changedSince(this.since, this.options.batchSize);
      const now = Date.now();
      for (const saga of sagas) {
        if (this.announced.get(saga.id)?.updatedAt === saga.updatedAt) continue;
        this.announced.set(saga.id, { updatedAt: saga.updatedAt, at: now });
        const view = toSagaSummaryView(saga);
        for (const subscriber of this.subscribers) subscriber.changed(view);
      }
      // A full batch may have more behind it: continue from its last change, not from the clock.
      const lastChange = sagas.at(-1)?.updatedAt;
      const next = sagas.length === this.options.batchSize && lastChange !== undefined ? lastChange : readAt;
      this.since = new Date(Date.parse(next) - this.options.overlapMs).toISOString();
      for (const [id, entry] of this.announced) if (now - entry.at > 4 * this.options.overlapMs) this.announced.delete(id);
    } catch (error) {
      // The database may be down for a while: streams stay open and the poll tries again.
      this.logger.warn(`saga change poll failed: ${(error as Error).message}`);
    }
    if (!this.shuttingDown) this.schedule();
  }
}
