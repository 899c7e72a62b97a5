import { type ClassProvider, type DynamicModule, Module } from '@nestjs/common';
import { MetricsModule } from './metrics/metrics.module.js';
import { NoopSagaMetrics, SagaMetrics } from './metrics/saga-metrics.port.js';
import { NoopSagaTracer, SagaTracer } from './tracing/saga-tracer.port.js';
import { TracingModule } from './tracing/tracing.module.js';

/** What `ObservabilityModule.forRoot` wires; both off by default. */
export interface ObservabilityOptions {
  /** Prometheus metrics at `GET /metrics` (needs `StoreReadings` from persistence). */
  readonly prometheus?: boolean;
  /** OpenTelemetry spans and saga log fields (needs nestjs-pino's `LoggerModule`). */
  readonly openTelemetry?: boolean;
}

/**
 * The `SagaMetrics` and `SagaTracer` ports, app-wide, always bound: the no-op implementations by
 * default, Prometheus and OpenTelemetry when asked for. Nothing injects them optionally, so no
 * caller needs a fallback. Health probes are a module of their own (`HealthModule`).
 */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions = {}): DynamicModule {
    const imports = [...(options.prometheus ? [MetricsModule] : []), ...(options.openTelemetry ? [TracingModule] : [])];
    const defaults: ClassProvider[] = [
      ...(options.prometheus ? [] : [{ provide: SagaMetrics, useClass: NoopSagaMetrics }]),
      ...(options.openTelemetry ? [] : [{ provide: SagaTracer, useClass: NoopSagaTracer }]),
    ];
    return {
      module: ObservabilityModule,
      global: true,
      imports,
      providers: defaults,
      // The modules re-export their own binding of the port; the defaults are exported by token.
      exports: [...imports, ...defaults.map((provider) => provider.provide)],
    };
  }
}
