import { MessageHeaders, type StepReplyMessage } from '@saga-coordinator/contracts';
import { SagaScopeKinds, type SagaScope, type TraceCarrier } from '../../orchestration/ports/saga-tracer.port.js';

/** The W3C trace context headers of an AMQP message (strings, or Buffers as some clients send them). */
export function traceCarrierOf(headers: Readonly<Record<string, unknown>> | undefined): TraceCarrier {
  const carrier: Record<string, string> = {};
  for (const name of [MessageHeaders.traceparent, MessageHeaders.tracestate]) {
    const value = headers?.[name];
    if (typeof value === 'string') carrier[name] = value;
    else if (Buffer.isBuffer(value)) carrier[name] = value.toString('utf8');
  }
  return carrier;
}

/** Processing a reply continues the trace of the participant that sent it, with the saga's fields in every log line. */
export function replyScope(reply: StepReplyMessage, headers: Readonly<Record<string, unknown>> | undefined): SagaScope {
  return {
    name: `saga reply ${reply.kind}`,
    kind: SagaScopeKinds.consumer,
    parent: traceCarrierOf(headers),
    sagaId: reply.sagaId,
    step: reply.step,
    attempt: reply.attempt,
  };
}
