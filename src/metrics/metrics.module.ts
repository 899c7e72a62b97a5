import { Global, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { OutboxStore } from '../orchestration/ports/outbox-store.port.js';
import { SagaMetrics } from '../orchestration/ports/saga-metrics.port.js';
import { cached } from './cached.util.js';
import { InFlightSagasRepository } from './in-flight-sagas.repository.js';
import { MetricsController } from './metrics.controller.js';
import { PrometheusSagaMetrics } from './prometheus-saga-metrics.service.js';
import { createSagaMetricSet, type SagaMetricSet } from './saga-metric-set.js';

/** Scrape-time database reads are shared for this long (several scrapers, several gauges per query). */
const ScrapeCacheMs = 1_000;

/** Injection token of the metric objects. */
const SAGA_METRIC_SET = Symbol('SAGA_METRIC_SET');

/**
 * Prometheus metrics at `GET /metrics`: process defaults plus the saga metrics, on a registry
 * of this application (not prom-client's global one, so several apps in one process, as in
 * tests, do not collide). Global: provides the `SagaMetrics` port that orchestration and
 * messaging report to. Needs `OutboxStore` and a TypeORM DataSource (the persistence module).
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    InFlightSagasRepository,
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
      inject: [Registry, InFlightSagasRepository, OutboxStore],
      useFactory: (registry: Registry, sagas: InFlightSagasRepository, outbox: OutboxStore): SagaMetricSet =>
        createSagaMetricSet(registry, {
          inFlight: cached(() => sagas.countByDefinitionAndStatus(), ScrapeCacheMs),
          outboxBacklog: cached(() => outbox.backlog(), ScrapeCacheMs),
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
