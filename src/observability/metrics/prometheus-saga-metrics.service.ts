import { Injectable, Logger } from '@nestjs/common';
import {
  type CommittedDecision,
  type DeadLetterCause,
  type HousekeepingBatch,
  type InboundRefusal,
  type ProcessedReply,
  SagaMetrics,
} from './saga-metrics.port.js';
import { SagaStatuses } from '../../saga-engine/state/saga-status.js';
import { observeDecision } from './decision-observations.mapper.js';
import type { SagaMetricSet } from './saga-metric-set.js';

/** `SagaMetrics` on prom-client: turns what the runtime reports into counters and histograms. */
@Injectable()
export class PrometheusSagaMetrics extends SagaMetrics {
  private readonly logger = new Logger(PrometheusSagaMetrics.name);

  constructor(private readonly metrics: SagaMetricSet) {
    super();
  }

  decisionCommitted({ definition, previous, decision }: CommittedDecision): void {
    this.safely(() => {
      const observed = observeDecision(previous, decision, new Date().toISOString());
      if (observed.started) this.metrics.started.inc({ definition });
      if (observed.enteredOutcome === SagaStatuses.COMPLETED) this.metrics.completed.inc({ definition });
      if (observed.enteredOutcome === SagaStatuses.COMPENSATED) this.metrics.compensated.inc({ definition });
      if (observed.enteredOutcome === SagaStatuses.COMPENSATION_FAILED) this.metrics.compensationFailed.inc({ definition });
      for (const { step, outcome, seconds } of observed.steps) this.metrics.stepDuration.observe({ definition, step, outcome }, seconds);
      for (const { step, outcome, seconds } of observed.compensations) {
        this.metrics.compensationDuration.observe({ definition, step, outcome }, seconds);
      }
      for (const { step, kind } of observed.retries) this.metrics.retries.inc({ definition, step, kind });
    });
  }

  replyProcessed({ definition, reply, result, processedAt }: ProcessedReply): void {
    this.safely(() => {
      const lag = secondsBetween(reply.repliedAt, processedAt.toISOString());
      if (lag !== undefined) this.metrics.replyLag.observe({ result }, lag);
      // Once per command: duplicates and rejected replies would count the same start twice or under a foreign label.
      if (result !== 'applied' || definition === undefined) return;
      const scheduleToStart = secondsBetween(reply.commandSentAt, reply.startedAt);
      if (scheduleToStart !== undefined) {
        this.metrics.scheduleToStart.observe({ definition, step: reply.step, kind: reply.kind }, scheduleToStart);
      }
    });
  }

  messageDeadLettered(cause: DeadLetterCause): void {
    this.safely(() => this.metrics.deadLettered.inc({ cause }));
  }

  inboundRefused(reason: InboundRefusal): void {
    this.safely(() => this.metrics.inboundRefused.inc({ reason }));
  }

  housekeepingBatch(batch: HousekeepingBatch): void {
    this.safely(() => {
      for (const [table, count] of Object.entries(batch.deleted)) if (count > 0) this.metrics.housekeepingDeleted.inc({ table }, count);
      this.metrics.housekeepingBatchDuration.observe(batch.durationMs / 1000);
    });
  }

  /** Metrics never fail the work they describe. */
  private safely(record: () => void): void {
    try {
      record();
    } catch (error) {
      this.logger.warn(`metric not recorded: ${String(error)}`);
    }
  }
}

/** Seconds from `from` to `to`, at least 0 (clocks of different hosts may disagree a little). */
function secondsBetween(from: string | undefined, to: string | undefined): number | undefined {
  if (from === undefined || to === undefined) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? Math.max(0, ms) / 1000 : undefined;
}
