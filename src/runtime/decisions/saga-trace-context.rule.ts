import type { TraceCarrier } from '../../observability/tracing/saga-tracer.port.js';

/** The trace id of a W3C `traceparent` (`version-traceid-spanid-flags`). */
function traceIdOf(carrier: TraceCarrier | undefined): string | undefined {
  return carrier?.traceparent?.split('-')[1];
}

/**
 * The trace context new commands of a saga carry: the active one when it is part of the saga's
 * trace (a reply continues it, with the exact parent span), the saga's stored one otherwise (a
 * timer, an operator's request), so that one saga stays one trace. Untraced sagas keep whatever
 * is active.
 */
export function sagaTraceContext(active: TraceCarrier, stored: TraceCarrier | undefined): TraceCarrier {
  const storedTrace = traceIdOf(stored);
  if (storedTrace === undefined || traceIdOf(active) === storedTrace) return active;
  return stored!;
}
