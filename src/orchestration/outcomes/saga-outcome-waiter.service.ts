import { Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { isSagaSettled, type SagaStatus } from '../../saga-engine/state/saga-status.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import { TooManyWaitersError } from '../errors/too-many-waiters.error.js';
import { SagaSettledFeed } from '../ports/saga-settled-feed.port.js';

/** What a waiting request reads: a saga with its status. */
export interface SettleableSaga {
  readonly id: string;
  readonly status: SagaStatus;
}

/** How a wait ended: the last read of the saga, and whether it is settled. */
export interface WaitOutcome<T extends SettleableSaga> {
  readonly saga: T;
  readonly settled: boolean;
}

/** One waiting request: woken when its saga may have settled. */
interface Waiter {
  wake(): void;
}

/** Requests of callers without an API key (auth disabled) share one budget. */
const AnonymousKey = '(no key)';

/**
 * `Prefer: wait` without a polling loop: a waiting request registers for its saga id, the
 * process's one `SagaSettledFeed` subscription (PostgreSQL LISTEN) wakes it when any replica
 * settles that saga, and it then reads the saga once. It also reads once right after
 * registering, so a saga that settled in between is never missed, and once when the wait ends
 * unsettled (the answer is then as without waiting). Bounded: at most `WAIT_MAX_SECONDS`, at most
 * `WAIT_MAX_WAITERS` waiting requests per process and `WAIT_MAX_WAITERS_PER_KEY` per API key.
 * On shutdown every waiter is answered with what it has.
 */
@Injectable()
export class SagaOutcomeWaiter implements OnModuleInit, BeforeApplicationShutdown {
  private readonly bySaga = new Map<string, Set<Waiter>>();
  private readonly byKey = new Map<string, number>();
  private waiting = 0;
  private closing = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly feed: SagaSettledFeed,
    private readonly config: AppConfig,
    private readonly audit: AuditTrailService,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.feed.subscribe({
      settled: (sagaId) => this.bySaga.get(sagaId)?.forEach((waiter) => waiter.wake()),
      resync: () => this.bySaga.forEach((waiters) => waiters.forEach((waiter) => waiter.wake())),
    });
  }

  /** Answers every waiting request with its saga as it is, before the store closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.unsubscribe?.();
    this.bySaga.forEach((waiters) => waiters.forEach((waiter) => waiter.wake()));
    await Promise.allSettled([...this.inFlight]);
  }

  /** The wait a `Prefer: wait=<seconds>` gets: at most `WAIT_MAX_SECONDS`; 0 means none. */
  appliedSeconds(requested: number): number {
    return Math.max(0, Math.min(Math.floor(requested), this.config.waitMaxSeconds));
  }

  /**
   * Takes a waiting slot for the caller (before `first` runs, so a refused POST starts nothing),
   * runs `first` (the start or the read) and, unless its saga is settled already, waits up to
   * `seconds` for it to settle, reading it with `read`.
   * @throws TooManyWaitersError (429) when the process or the caller's key holds too many waiting requests
   */
  async wait<T extends SettleableSaga, R extends { readonly saga: T }>(
    seconds: number,
    first: () => Promise<R>,
    read: (sagaId: string) => Promise<T>,
  ): Promise<R & WaitOutcome<T>> {
    const release = this.admit();
    const work = (async () => {
      const started = await first();
      const outcome = await this.waitFor(started.saga, this.appliedSeconds(seconds) * 1000, read);
      return { ...started, ...outcome };
    })();
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
      release();
    }
  }

  private async waitFor<T extends SettleableSaga>(initial: T, waitMs: number, read: (sagaId: string) => Promise<T>): Promise<WaitOutcome<T>> {
    if (isSagaSettled(initial.status) || waitMs <= 0 || this.closing) return { saga: initial, settled: isSagaSettled(initial.status) };
    const deadline = Date.now() + waitMs;
    let woken!: () => void;
    let wake = new Promise<void>((resolve) => (woken = resolve));
    const waiter: Waiter = { wake: () => woken() };
    const waiters = this.bySaga.get(initial.id) ?? new Set<Waiter>();
    this.bySaga.set(initial.id, waiters.add(waiter));
    let timer: NodeJS.Timeout | undefined;
    try {
      // Registered first, read second: a saga that settled before we listened is seen here.
      let saga = await read(initial.id);
      while (!isSagaSettled(saga.status) && !this.closing) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        const timedOut = await Promise.race([
          wake.then(() => false),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), left))),
        ]);
        clearTimeout(timer);
        wake = new Promise<void>((resolve) => (woken = resolve));
        saga = await read(initial.id);
        if (timedOut) break;
      }
      return { saga, settled: isSagaSettled(saga.status) };
    } finally {
      clearTimeout(timer);
      waiters.delete(waiter);
      if (waiters.size === 0) this.bySaga.delete(initial.id);
    }
  }

  /** Counts the caller in, or refuses; returns the release. */
  private admit(): () => void {
    const key = this.audit.currentActor()?.principal?.id ?? AnonymousKey;
    const ofKey = this.byKey.get(key) ?? 0;
    if (this.waiting >= this.config.waitMaxWaiters) throw new TooManyWaitersError('process', this.config.waitMaxWaiters);
    if (ofKey >= this.config.waitMaxWaitersPerKey) throw new TooManyWaitersError('key', this.config.waitMaxWaitersPerKey);
    this.waiting += 1;
    this.byKey.set(key, ofKey + 1);
    return () => {
      this.waiting -= 1;
      const left = (this.byKey.get(key) ?? 1) - 1;
      if (left === 0) this.byKey.delete(key);
      else this.byKey.set(key, left);
    };
  }
}
