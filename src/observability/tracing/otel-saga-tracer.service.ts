import { Injectable } from '@nestjs/common';
import { type Attributes, type Context, context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { PinoLogger } from 'nestjs-pino';
import { type SagaScope, type SagaScopeFields, type SagaScopeKind, SagaScopeKinds, SagaTracer, type TraceCarrier } from './saga-tracer.port.js';

/** Instrumentation scope of the coordinator's own spans. */
export const CoordinatorTracerName = 'saga-coordinator';

const spanKinds: Record<SagaScopeKind, SpanKind> = {
  [SagaScopeKinds.internal]: SpanKind.INTERNAL,
  [SagaScopeKinds.consumer]: SpanKind.CONSUMER,
  [SagaScopeKinds.producer]: SpanKind.PRODUCER,
};

/**
 * `SagaTracer` on the OpenTelemetry API and nestjs-pino. Without a registered OpenTelemetry SDK
 * (tracing off) the API is a no-op: spans cost nothing and no trace headers are written, but
 * the saga fields still reach every log line.
 */
@Injectable()
export class OtelSagaTracer extends SagaTracer {
  constructor(private readonly logger: PinoLogger) {
    super();
  }

  activeTraceContext(): TraceCarrier {
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    return carrier;
  }

  inScope<T>(scope: SagaScope, work: () => Promise<T>): Promise<T> {
    const parent = parentContext(scope.parent);
    const span = trace
      .getTracer(CoordinatorTracerName)
      .startSpan(scope.name, { kind: spanKinds[scope.kind ?? SagaScopeKinds.internal], attributes: spanAttributes(scope) }, parent);
    const traced = () =>
      context.with(trace.setSpan(parent, span), async () => {
        try {
          return await work();
        } catch (error) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
          throw error;
        } finally {
          span.end();
        }
      });
    // A publish logs nothing of its own: its span is all it needs, and a pino child logger per
    // published message was a measurable share of the coordinator's CPU (docs/performance.md).
    if (scope.kind === SagaScopeKinds.producer) return traced();
    const fields = logFields(scope);
    // Inside a request (or an enclosing scope) the fields join its context, so its closing
    // "request completed" line carries them too; elsewhere the scope opens a context of its own.
    if (this.assignToCurrentContext(fields)) return traced();
    return this.logger.runInContext(traced, { bindings: fields });
  }

  annotate(fields: SagaScopeFields): void {
    trace.getActiveSpan()?.setAttributes(spanAttributes(fields));
    // Outside any logging context (no request, no scope) the span attributes are all there is.
    this.assignToCurrentContext(logFields(fields));
  }

  /**
   * False when there is no logging context to add to. Outside one, nestjs-pino's `logger` is the
   * root logger (and `assign` would throw: an Error and its stack for every message handled).
   */
  private assignToCurrentContext(fields: Record<string, string | number>): boolean {
    if (this.logger.logger === PinoLogger.root) return false;
    try {
      this.logger.assign(fields);
      return true;
    } catch {
      return false;
    }
  }
}

/** The context a scope continues: the carrier's trace when it has one, else the active context. */
function parentContext(carrier: TraceCarrier | undefined): Context {
  if (carrier === undefined || carrier.traceparent === undefined) return context.active();
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** Saga fields as span attributes (`saga.*`). */
export function spanAttributes(fields: SagaScopeFields): Attributes {
  return {
    ...(fields.sagaId === undefined ? {} : { 'saga.id': fields.sagaId }),
    ...(fields.definition === undefined ? {} : { 'saga.definition': fields.definition }),
    ...(fields.step === undefined ? {} : { 'saga.step': fields.step }),
    ...(fields.attempt === undefined ? {} : { 'saga.attempt': fields.attempt }),
  };
}

/** Saga fields as log line fields. */
export function logFields(fields: SagaScopeFields): Record<string, string | number> {
  return {
    ...(fields.sagaId === undefined ? {} : { sagaId: fields.sagaId }),
    ...(fields.definition === undefined ? {} : { definition: fields.definition }),
    ...(fields.step === undefined ? {} : { step: fields.step }),
    ...(fields.attempt === undefined ? {} : { attempt: fields.attempt }),
  };
}
