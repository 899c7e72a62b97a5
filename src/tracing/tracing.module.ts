import { Global, Module } from '@nestjs/common';
import { SagaTracer } from '../orchestration/ports/saga-tracer.port.js';
import { OtelSagaTracer } from './otel-saga-tracer.service.js';

/**
 * Provides the `SagaTracer` port app-wide (orchestration and messaging report to it). Spans are
 * recorded only when an OpenTelemetry SDK is registered, e.g. by `node --import
 * ./dist/src/tracing/register.js` with `OTEL_ENABLED=true` (see register.ts).
 */
@Global()
@Module({
  providers: [{ provide: SagaTracer, useClass: OtelSagaTracer }],
  exports: [SagaTracer],
})
export class TracingModule {}
