import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Topology } from '@saga-coordinator/contracts';
import { AppConfig } from '../config/app-config.js';
import { CrashPoints } from '../fault-injection/crash-point-name.js';
import { crashPoint } from '../fault-injection/crash-point.js';
import { SagaTracer } from '../observability/tracing/saga-tracer.port.js';
import type { OutboxMessage } from '../runtime/ports/outbox-message.js';
import { OutboxStore } from '../runtime/ports/outbox-store.port.js';
import { AfterCommit } from '../runtime/post-commit/after-commit.decorator.js';
import type { CommittedChange } from '../runtime/post-commit/committed-change.js';
import { type PostCommitListener, PostCommitOrder } from '../runtime/post-commit/post-commit-listener.js';
import { CoordinatorPublisher } from './coordinator-publisher.service.js';
import { outboxPublishScope } from './outbox-publish-scope.util.js';

/**
 * Moves committed outbox rows to RabbitMQ. Two paths: as a post-commit listener it publishes
 * right after the runtime's commit (low latency); the poll loop is the safety net for whatever that missed
 * (crash, broker down, unconfirmed). A row is marked sent only after the broker's confirm, so
 * a message may be published twice but never lost; consumers dedupe by message id.
 *
 * Fast-path marks are batched: a confirmed command is usually answered within milliseconds and
 * the reply's own transaction marks it sent (`change.answered`), so the relay only marks, in one
 * statement per `OUTBOX_MARK_DELAY_MS`, what is still unanswered after that delay (below the
 * poll's minimum row age, so the poll does not publish it again). A side effect worth knowing:
 * a command stays unsent until its reply commits or the delay passes, so a reply lost before
 * its commit in that window is healed by the relay publishing the command again (the
 * participant's fence answers with the stored reply). 0 marks each confirm at once.
 */
@Injectable()
@AfterCommit({ order: PostCommitOrder.publish })
export class OutboxRelay implements PostCommitListener, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly pollIntervalMs: number;
  /** Rows younger than this are left to the fast path. */
  private readonly minAgeMs: number;
  /** A claimed row is retried once its publish must have confirmed or timed out. */
  private readonly leaseMs: number;
  private readonly batchSize = 200;
  private readonly markDelayMs: number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  /** Confirmed fast-path message ids waiting for a mark: confirmed this period, and the period before. */
  private confirmedNow = new Set<string>();
  private confirmedBefore = new Set<string>();
  /** Commands whose reply committed before their confirm arrived (rare), for two periods. */
  private answeredNow = new Set<string>();
  private answeredBefore = new Set<string>();
  private markTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: OutboxStore,
    private readonly publisher: CoordinatorPublisher,
    config: AppConfig,
    private readonly tracer: SagaTracer,
  ) {
    this.pollIntervalMs = config.outboxPollIntervalMs;
    this.minAgeMs = Math.max(this.pollIntervalMs, 1_000);
    this.leaseMs = Math.max(2 * config.publishConfirmTimeoutMs, 5_000);
    this.markDelayMs = Math.min(config.outboxMarkDelayMs, this.minAgeMs / 2);
  }

  onApplicationBootstrap(): void {
    this.schedulePoll(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight]);
    clearTimeout(this.markTimer);
    this.markTimer = undefined;
    await this.markConfirmed([...this.confirmedBefore, ...this.confirmedNow]);
  }

  /** After a commit: note the command its reply answered, then publish the new rows (fast path). Never throws. */
  afterCommit(change: CommittedChange): void {
    if (change.answered !== undefined) this.answered(change.answered);
    this.dispatch(change.outbox);
  }

  /** Publishes committed rows now; what fails stays unsent for the poll. */
  dispatch(messages: readonly OutboxMessage[]): void {
    if (messages.length === 0 || this.stopped) return;
    this.track(this.publishFast(messages));
  }

  /** A committed reply marked the command `messageId` sent in its own transaction: the relay need not mark it again. */
  answered(messageId: string): void {
    if (this.confirmedNow.delete(messageId) || this.confirmedBefore.delete(messageId)) return;
    this.answeredNow.add(messageId);
    this.scheduleMarks();
  }

  /** One relay pass; returns how many rows it published. Exposed for tests. */
  async pollOnce(): Promise<number> {
    // chaos:no-outbox (test/chaos/support/broken-variants.ts builds a variant without this safety net)
    const messages = await this.store.claimUnsent(this.batchSize, this.minAgeMs, this.leaseMs);
    if (messages.length > 0) {
      const sent = await this.publishAll(messages);
      if (sent.length > 0) {
        crashPoint(CrashPoints.relayAfterConfirmBeforeMarkSent);
        await this.markConfirmed(sent);
      }
    }
    return messages.length;
  }

  private schedulePoll(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const pass = this.pollOnce().then(
        (count) => this.schedulePoll(count === this.batchSize ? 0 : this.pollIntervalMs),
        (error: Error) => {
          this.logger.warn(`outbox poll failed: ${error.message}`);
          this.schedulePoll(this.pollIntervalMs);
        },
      );
      this.track(pass);
    }, delayMs);
  }

  /** Fast path: publish; the confirmed ones wait for their reply's mark (see the class comment). */
  private async publishFast(messages: readonly OutboxMessage[]): Promise<void> {
    const sent = await this.publishAll(messages);
    if (sent.length === 0) return;
    crashPoint(CrashPoints.relayAfterConfirmBeforeMarkSent);
    if (this.markDelayMs === 0) return this.markConfirmed(sent);
    for (const messageId of sent) {
      if (this.answeredNow.delete(messageId) || this.answeredBefore.delete(messageId)) continue;
      this.confirmedNow.add(messageId);
    }
    this.scheduleMarks();
  }

  /** Publishes with confirms; returns the message ids the broker confirmed. */
  private async publishAll(messages: readonly OutboxMessage[]): Promise<string[]> {
    const results = await Promise.allSettled(
      messages.map((message) =>
        // A PRODUCER span in the saga's trace; the participant continues from it.
        this.tracer.inScope(outboxPublishScope(message), () =>
          this.publisher.publish({
            exchange: message.exchange,
            routingKey: message.routingKey,
            messageId: message.messageId,
            correlationId: message.correlationId,
            type: message.type,
            headers: { ...message.headers, ...this.tracer.activeTraceContext() },
            body: message.payload,
            // Lifecycle events are a broadcast: with no queue bound they are simply not wanted.
            mandatory: message.exchange !== Topology.eventsExchange,
          }),
        ),
      ),
    );
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length > 0) {
      this.logger.warn(`${failures.length} outbox message(s) not confirmed, left for the relay: ${String(failures[0]?.reason)}`);
    }
    return messages.filter((_, index) => results[index]?.status === 'fulfilled').map((m) => m.messageId);
  }

  /** Every `markDelayMs` while anything waits: marks what was confirmed a period ago and is still unanswered. */
  private scheduleMarks(): void {
    if (this.markTimer !== undefined || this.stopped) return;
    this.markTimer = setTimeout(() => {
      this.markTimer = undefined;
      const due = [...this.confirmedBefore];
      this.confirmedBefore = this.confirmedNow;
      this.confirmedNow = new Set();
      this.answeredBefore = this.answeredNow;
      this.answeredNow = new Set();
      this.track(this.markConfirmed(due));
      if (this.confirmedBefore.size > 0 || this.answeredBefore.size > 0) this.scheduleMarks();
    }, this.markDelayMs);
  }

  private async markConfirmed(messageIds: readonly string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await this.store.markSent(messageIds).catch((error: Error) =>
      // Not marked: the relay publishes them again later (duplicates are deduped downstream).
      this.logger.warn(`could not mark ${messageIds.length} outbox message(s) sent: ${error.message}`),
    );
  }

  private track(promise: Promise<void>): void {
    const tracked = promise.catch((error: Error) => this.logger.warn(`outbox publish failed: ${error.message}`));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}
