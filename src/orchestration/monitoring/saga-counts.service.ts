import { Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { SagaStatuses, type SagaStatus } from '../../saga-engine/state/saga-status.js';
import { SagaMonitorStore } from '../ports/saga-monitor-store.port.js';

/** `GET /v1/sagas/counts`. */
export interface SagaCountsView {
  /** Every status, zero included. */
  byStatus: Record<SagaStatus, number>;
  needsAttention: number;
  total: number;
  /** The "running longer than" part of needs attention, in milliseconds. */
  attentionThresholdMs: number;
}

/** Default of `ATTENTION_RUNNING_LONGER_THAN_MS` when no config is injected (tests). */
const DEFAULT_ATTENTION_THRESHOLD_MS = 300_000;

/** How many sagas are in each status, and how many need an operator. */
@Injectable()
export class SagaCountsService {
  readonly attentionThresholdMs: number;

  constructor(
    private readonly store: SagaMonitorStore,
    @Optional() config?: AppConfig,
  ) {
    this.attentionThresholdMs = config?.attentionRunningLongerThanMs ?? DEFAULT_ATTENTION_THRESHOLD_MS;
  }

  async counts(): Promise<SagaCountsView> {
    const stored = await this.store.counts(this.attentionThresholdMs);
    const byStatus = Object.fromEntries(Object.values(SagaStatuses).map((status) => [status, stored.byStatus[status] ?? 0])) as Record<
      SagaStatus,
      number
    >;
    return {
      byStatus,
      needsAttention: stored.needsAttention,
      total: Object.values(byStatus).reduce((sum, count) => sum + count, 0),
      attentionThresholdMs: this.attentionThresholdMs,
    };
  }
}
