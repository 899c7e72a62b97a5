/** W3C trace context headers (`traceparent`, optionally `tracestate`); empty when nothing is traced. */
export type TraceCarrier = Readonly<Record<string, string>>;

/** Kinds of saga work scopes, after the OpenTelemetry span kinds they become. */
export const SagaScopeKinds = {
  /** Work inside the coordinator (start, timer). */
  internal: 'internal',
  /** Handling an inbound message (a reply). */
  consumer: 'consumer',
  /** Publishing a message (a command). */
  producer: 'producer',
} as const;
export type SagaScopeKind = (typeof SagaScopeKinds)[keyof typeof SagaScopeKinds];

/** The saga fields a scope carries into its span attributes and every log line inside it. */
export interface SagaScopeFields {
  readonly sagaId?: string;
  readonly definition?: string;
  readonly step?: string;
  readonly attempt?: number;
}

/** A unit of saga work: one span, one logging context. */
export interface SagaScope extends SagaScopeFields {
  readonly name: string;
  readonly kind?: SagaScopeKind;
  /** Continue this trace context (from message headers) instead of the active one. */
  readonly parent?: TraceCarrier;
}

/**
 * Traces and log context of saga work, so the runtime, orchestration and messaging need no
 * tracing or logging library. `ObservabilityModule` binds `NoopSagaTracer` unless asked for
 * OpenTelemetry (`OtelSagaTracer`, with nestjs-pino log fields).
 */
export abstract class SagaTracer {
  /** The active trace context, to store with outbox rows so participants continue the trace. */
  abstract activeTraceContext(): TraceCarrier;
  /**
   * Runs `work` in a span (child of `scope.parent` or the active context) with the saga fields bound
   * to every log line; a producer scope (a publish, which logs nothing) gets the span only.
   */
  abstract inScope<T>(scope: SagaScope, work: () => Promise<T>): Promise<T>;
  /** Adds fields learnt midway (the id of a saga just created) to the active span and logging context. */
  abstract annotate(fields: SagaScopeFields): void;
}

/** The default: runs the work as is, with no span and no log fields. */
export class NoopSagaTracer extends SagaTracer {
  activeTraceContext(): TraceCarrier {
    return {};
  }

  inScope<T>(_scope: SagaScope, work: () => Promise<T>): Promise<T> {
    return work();
  }

  annotate(): void {}
}
