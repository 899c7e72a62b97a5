import { isSpanContextValid, trace } from '@opentelemetry/api';

/**
 * The active span's ids, for every log line (a pino `mixin`): logs and traces of one saga
 * join on `traceId`. Empty when nothing is traced.
 */
export function traceLogFields(): { traceId?: string; spanId?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext === undefined || !isSpanContextValid(spanContext)) return {};
  return { traceId: spanContext.traceId, spanId: spanContext.spanId };
}
