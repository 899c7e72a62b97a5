import { Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { StoreReadings } from '../store-readings.port.js';
import { MetricsController } from './metrics.controller.js';
import { PrometheusSagaMetrics } from './prometheus-saga-metrics.service.js';
import { createSagaMetricSet, type SagaMetricSet } from './saga-metric-set.js';
import { SagaMetrics } from './saga-metrics.port.js';
import { cached } from './scrape-cache.policy.js';

/** Scrape-time database reads are shared for this long (several scrapers, several gauges per query). */
const ScrapeCacheMs = 1_000;

/** Injection token of the metric objects. */
const SAGA_METRIC_SET = Symbol('SAGA_METRIC_SET');

/**
 * Prometheus metrics at `GET /metrics`: process defaults plus the saga metrics, on a registry
 * of this application (not prom-client's global one, so several apps in one process, as in
 * tests, do not collide). Provides the `SagaMetrics` port; imported by `ObservabilityModule`
 * when Prometheus is asked for. Needs `StoreReadings` (the persistence module).
 */
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: Registry,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry });
        return registry;
      },
    },
    {
      provide: SAGA_METRIC_SET,
      inject: [Registry, StoreReadings],
      useFactory: (registry: Registry, readings: StoreReadings): SagaMetricSet =>
        createSagaMetricSet(registry, {
          inFlight: cached(() => readings.inFlightSagas(), ScrapeCacheMs),
          outboxBacklog: cached(() => readings.outboxBacklog(), ScrapeCacheMs),
        }),
    },
    {
      provide: SagaMetrics,
      inject: [SAGA_METRIC_SET],
      useFactory: (metrics: SagaMetricSet) => new PrometheusSagaMetrics(metrics),
    },
  ],
  exports: [SagaMetrics, Registry],
})
export class MetricsModule {}
