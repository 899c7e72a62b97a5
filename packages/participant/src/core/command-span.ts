import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { MessageHeaders, type StepCommandMessage } from '@saga-coordinator/contracts';

/** Instrumentation scope of the spans the SDK creates. */
const tracer = () => trace.getTracer('saga-coordinator/participant-sdk');

/** Reads W3C trace context headers out of AMQP headers (values may be Buffers or absent). */
const amqpHeaderGetter = {
  keys: (carrier: Readonly<Record<string, unknown>>) => Object.keys(carrier),
  get: (carrier: Readonly<Record<string, unknown>>, key: string): string | undefined => {
    const value = carrier[key];
    if (typeof value === 'string') return value;
    return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
  },
};

/** What the work inside a command span gets: the trace headers to put on the reply. */
export interface CommandSpanScope {
  /** `traceparent` (and `tracestate`) of the command span: the reply continues the trace from it. */
  readonly traceHeaders: Readonly<Record<string, string>>;
}

/**
 * Runs the handling of one command inside a CONSUMER span that continues the coordinator's
 * trace from the command's `traceparent`. With no OpenTelemetry SDK registered in the process,
 * `@opentelemetry/api` is a no-op and the command's own trace headers pass through unchanged.
 */
export async function inCommandSpan<T>(
  command: StepCommandMessage,
  headers: Readonly<Record<string, unknown>> | undefined,
  work: (scope: CommandSpanScope) => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(context.active(), headers ?? {}, amqpHeaderGetter);
  const span = tracer().startSpan(
    `${command.participant}.${command.command} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'rabbitmq',
        'messaging.operation.type': 'process',
        'messaging.message.id': command.messageId,
        'saga.id': command.sagaId,
        'saga.step': command.step,
        'saga.command.kind': command.kind,
        'saga.attempt': command.attempt,
      },
    },
    parent,
  );
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work({ traceHeaders: traceHeadersOf(span, headers) });
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The span's context as W3C headers; the command's own headers when no propagator is registered. */
function traceHeadersOf(span: Span, headers: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  if (carrier[MessageHeaders.traceparent] !== undefined) return carrier;
  for (const name of [MessageHeaders.traceparent, MessageHeaders.tracestate]) {
    const value = amqpHeaderGetter.get(headers ?? {}, name);
    if (value !== undefined) carrier[name] = value;
  }
  return carrier;
}
