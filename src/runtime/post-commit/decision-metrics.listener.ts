import { Injectable } from '@nestjs/common';
import { SagaMetrics } from '../../observability/metrics/saga-metrics.port.js';
import { AfterCommit } from './after-commit.decorator.js';
import type { CommittedChange } from './committed-change.js';
import { type PostCommitListener, PostCommitOrder } from './post-commit-listener.js';

/** Counts every committed decision (the saga's own and each child saga's first) in the metrics. */
@Injectable()
@AfterCommit({ order: PostCommitOrder.observe })
export class DecisionMetricsListener implements PostCommitListener {
  constructor(private readonly metrics: SagaMetrics) {}

  afterCommit(change: CommittedChange): void {
    for (const saga of change.sagas)
      this.metrics.decisionCommitted({ definition: saga.definition, previous: saga.previous, decision: saga.decision });
  }
}
