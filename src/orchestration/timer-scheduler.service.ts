import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { DefinitionCatalogService } from './definition-catalog.service.js';
import { SagaStore } from './ports/saga-store.port.js';
import { NoSagaTracer, SagaTracer } from './ports/saga-tracer.port.js';
import { type AppliedTrigger, SagaRuntimeService } from './saga-runtime.service.js';
import { timerInboxKey } from './utils/timer-inbox-key.util.js';

/** Timers fired per poll at most, so one poll cannot starve shutdown. */
const MAX_TIMERS_PER_POLL = 200;

/**
 * Fires durable timers (step timeouts, retry backoffs, saga deadlines) when they come due on
 * the database clock. Every replica polls; `FOR UPDATE SKIP LOCKED` hands each due timer to
 * one of them, and the inbox key `timer:<saga>:<kind>:<step>:<attempt>` makes a timer fire
 * at most once even if it were claimed twice.
 *
 * It does not poll on a fixed beat: it asks the database when the next timer is due and
 * sleeps until then, woken earlier when this replica commits a timer due sooner. The
 * configured interval only caps a sleep, so that timers another replica armed (and left
 * behind by crashing) are still found: an idle coordinator makes one query per interval.
 */
@Injectable()
export class TimerSchedulerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TimerSchedulerService.name);
  private handle: NodeJS.Timeout | undefined;
  /** When the pending sleep ends (Date.now() scale); undefined while a pass runs. */
  private wakeAt: number | undefined;
  /** The earliest due time this replica committed during the pass in progress. */
  private armedDuringPass = Number.POSITIVE_INFINITY;
  private polling: Promise<unknown> | undefined;
  private stopped = true;
  private readonly tracer: SagaTracer;

  constructor(
    private readonly store: SagaStore,
    private readonly catalog: DefinitionCatalogService,
    private readonly runtime: SagaRuntimeService,
    private readonly config: AppConfig,
    @Optional() tracer?: SagaTracer,
  ) {
    this.tracer = tracer ?? NoSagaTracer;
    runtime.onTimersArmed((dueInMs) => this.armed(dueInMs));
  }

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

  /** Fires due timers one transaction each until none is due (or the per-poll cap); returns how many fired. */
  async fireDueTimers(max = MAX_TIMERS_PER_POLL): Promise<number> {
    let fired = 0;
    while (fired < max) {
      const applied = await this.fireOne();
      if (applied === undefined) break;
      fired++;
      if (applied !== null) this.runtime.committed(applied);
    }
    return fired;
  }

  /**
   * One due timer, claimed, applied and deleted in one transaction; undefined when none is due,
   * null when it changed nothing. The work after the claim runs in a saga scope (span + log fields).
   */
  private fireOne(): Promise<AppliedTrigger | null | undefined> {
    return this.store.transaction(async (tx) => {
      const [timer] = await tx.claimDueTimers(1);
      if (!timer) return undefined;
      const target = {
        ...(timer.step === undefined ? {} : { step: timer.step }),
        ...(timer.attempt === undefined ? {} : { attempt: timer.attempt }),
      };
      await tx.deleteTimer(timer);
      const saga = await tx.lockSaga(timer.sagaId);
      if (!saga) return null;
      // The timer's work continues the saga's own trace (stored at its start).
      const scope = { name: `saga timer ${timer.kind}`, sagaId: saga.id, definition: saga.definitionName, ...target };
      return this.tracer.inScope({ ...scope, ...(saga.traceContext === undefined ? {} : { parent: saga.traceContext }) }, async () => {
        if (!(await tx.recordInbound(timerInboxKey(timer), saga.id))) return null;
        const definition = await this.catalog.pinned(saga.definitionName, saga.definitionVersion);
        return this.runtime.applyLocked(tx, saga, definition, { type: 'TimerFired', kind: timer.kind, ...target });
      });
    });
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
