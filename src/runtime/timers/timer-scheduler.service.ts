import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { SagaStore } from '../ports/saga-store.port.js';
import { AfterCommit } from '../post-commit/after-commit.decorator.js';
import type { CommittedChange } from '../post-commit/committed-change.js';
import { type PostCommitListener, PostCommitOrder } from '../post-commit/post-commit-listener.js';
import { SagaRuntime } from '../saga-runtime.service.js';
import { claimDueTimer } from './due-timer.claim.js';

/** Timers fired per poll at most, so one poll cannot starve shutdown. */
const MAX_TIMERS_PER_POLL = 200;

/**
 * Fires durable timers (step timeouts, retry backoffs, saga deadlines) when they come due on
 * the database clock. Every replica polls; `FOR UPDATE SKIP LOCKED` hands each due timer to
 * one of them, and the inbox key `timer:<saga>:<kind>:<step>:<attempt>` makes a timer fire
 * at most once even if it were claimed twice.
 *
 * It does not poll on a fixed beat: it asks the database when the next timer is due and
 * sleeps until then, woken earlier when this replica commits a timer due sooner (it listens
 * after every commit). The configured interval only caps a sleep, so that timers another
 * replica armed (and left behind by crashing) are still found: an idle coordinator makes one
 * query per interval. Each timer fires through `SagaRuntime.apply` like any other trigger.
 */
@Injectable()
@AfterCommit({ order: PostCommitOrder.wake })
export class TimerScheduler implements PostCommitListener, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TimerScheduler.name);
  private handle: NodeJS.Timeout | undefined;
  /** When the pending sleep ends (Date.now() scale); undefined while a pass runs. */
  private wakeAt: number | undefined;
  /** The earliest due time this replica committed during the pass in progress. */
  private armedDuringPass = Number.POSITIVE_INFINITY;
  private polling: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    private readonly store: SagaStore,
    private readonly runtime: SagaRuntime,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Starts the loop: a pass now, then sleeps until the next due timer (at most `TIMER_POLL_INTERVAL_MS`). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.sleep(0);
  }

  /** After every commit: the earliest timer it armed (on any saga it changed) may need an earlier wake-up. */
  afterCommit(change: CommittedChange): void {
    const dueInMs = change.sagas.flatMap(({ decision }) => decision.timers.map((timer) => timer.dueInMs));
    if (dueInMs.length > 0) this.armed(Math.min(...dueInMs));
  }

  /** This replica committed a timer due in `dueInMs`: wake up for it if the sleep would end later. */
  armed(dueInMs: number): void {
    if (this.stopped) return;
    const dueAt = Date.now() + Math.max(0, dueInMs);
    if (this.wakeAt === undefined) this.armedDuringPass = Math.min(this.armedDuringPass, dueAt);
    else if (dueAt < this.wakeAt) this.sleep(dueAt - Date.now());
  }

  /** Stops polling and waits for the poll in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.handle);
    await this.polling;
  }

  /**
   * Fires due timers, one runtime transaction each (claimed, applied and deleted together), until
   * none is due or the per-poll cap; returns how many fired (a timer whose saga is gone, or whose
   * inbox key was seen, counts: it was consumed).
   */
  async fireDueTimers(max = MAX_TIMERS_PER_POLL): Promise<number> {
    let fired = 0;
    while (fired < max) {
      if ((await this.runtime.apply(claimDueTimer)) === undefined) break;
      fired++;
    }
    return fired;
  }

  /** One pass: fire what is due, then sleep until the next timer (or the cap). */
  private async pass(): Promise<void> {
    this.armedDuringPass = Number.POSITIVE_INFINITY;
    let nextInMs: number | null = null;
    try {
      // Every path of a fired timer deletes it (or throws, which ends the pass): this loop ends.
      while (!this.stopped) {
        nextInMs = await this.store.msUntilNextTimer();
        if (nextInMs === null || nextInMs > 0) break;
        await this.fireDueTimers();
      }
    } catch (error) {
      this.logger.error(`Timer poll failed: ${String(error)}`);
      nextInMs = null;
    }
    const armedInMs = this.armedDuringPass - Date.now();
    this.sleep(Math.min(nextInMs ?? Number.POSITIVE_INFINITY, armedInMs, this.config.timerPollIntervalMs));
  }

  private sleep(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.handle);
    const delay = Math.max(0, Math.ceil(ms));
    this.wakeAt = Date.now() + delay;
    this.handle = setTimeout(() => {
      this.wakeAt = undefined;
      this.polling = this.pass();
    }, delay);
  }
}
