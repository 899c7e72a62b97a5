import { Module } from '@nestjs/common';
import { OtelSagaTracer } from './otel-saga-tracer.service.js';
import { SagaTracer } from './saga-tracer.port.js';

/**
 * Provides the `SagaTracer` port on OpenTelemetry and nestjs-pino (imported by
 * `ObservabilityModule` when tracing is asked for; needs nestjs-pino's `LoggerModule`). Spans are
 * recorded only when an OpenTelemetry SDK is registered, e.g. by `node --import
 * ./dist/src/observability/tracing/register.js` with `OTEL_ENABLED=true` (see register.ts).
 */
@Module({
  providers: [{ provide: SagaTracer, useClass: OtelSagaTracer }],
  exports: [SagaTracer],
})
export class TracingModule {}
