import type { OutboxMessage } from '../runtime/ports/outbox-message.js';
import { SagaScopeKinds, type SagaScope } from '../observability/tracing/saga-tracer.port.js';
import { traceCarrierOf } from './inbound/reply-scope.util.js';

/**
 * Publishing an outbox row continues the trace stored in its headers (the request or reply
 * that caused the command), not whatever the relay happens to be doing, so a command published
 * late by the relay's poll still lands in its saga's trace.
 */
export function outboxPublishScope(message: OutboxMessage): SagaScope {
  return {
    name: `${message.routingKey} publish`,
    kind: SagaScopeKinds.producer,
    parent: traceCarrierOf(message.headers),
    sagaId: message.correlationId,
  };
}
