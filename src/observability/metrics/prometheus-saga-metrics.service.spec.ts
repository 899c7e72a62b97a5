import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { PrometheusSagaMetrics } from './prometheus-saga-metrics.service.js';
import { createSagaMetricSet } from './saga-metric-set.js';

describe(PrometheusSagaMetrics.name, () => {
  it('counts the rows of each housekeeping batch per table and times the batch', async () => {
    const registry = new Registry();
    const metrics = new PrometheusSagaMetrics(
      createSagaMetricSet(registry, { inFlight: async () => [], outboxBacklog: async () => ({ count: 0, oldestAgeMs: null }) }),
    );

    metrics.housekeepingBatch({ deleted: { saga: 2, saga_event: 16, inbox_message: 6, saga_timer: 0 }, durationMs: 40 });
    metrics.housekeepingBatch({ deleted: { outbox_message: 500 }, durationMs: 10 });
    metrics.housekeepingBatch({ deleted: { saga: 1 }, durationMs: 5 });
    const text = await registry.metrics();

    expect(text).toContain('saga_housekeeping_deleted_total{table="saga"} 3');
    expect(text).toContain('saga_housekeeping_deleted_total{table="saga_event"} 16');
    expect(text).toContain('saga_housekeeping_deleted_total{table="inbox_message"} 6');
    expect(text).toContain('saga_housekeeping_deleted_total{table="outbox_message"} 500');
    expect(text).not.toContain('saga_housekeeping_deleted_total{table="saga_timer"}');
    expect(text).toContain('saga_housekeeping_batch_duration_seconds_count 3');
    expect(text).toContain('saga_housekeeping_batch_duration_seconds_sum 0.055');
  });
});
