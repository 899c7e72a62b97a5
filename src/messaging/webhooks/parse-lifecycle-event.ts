import { MessageTypes, SagaStatusChanged } from '@saga-coordinator/contracts';

/** Bounded like every inbound message: a lifecycle event is small. */
const MaxEventBytes = 64 * 1024;

export type ParsedLifecycleEvent =
  { readonly kind: 'event'; readonly messageId: string; readonly event: SagaStatusChanged } | { readonly kind: 'malformed'; readonly reason: string };

/**
 * Checks an AMQP message from `saga.events` against the contract (`SagaStatusChanged`; fields it
 * does not know are dropped, as the contract asks of consumers); anything else is `malformed` with
 * the reason, and is dead-lettered.
 */
export function parseLifecycleEvent(message: { content: Buffer; type: string | undefined; messageId: string | undefined }): ParsedLifecycleEvent {
  if (message.type !== MessageTypes.sagaStatusChanged) {
    return { kind: 'malformed', reason: `type must be ${MessageTypes.sagaStatusChanged}, got ${String(message.type)}` };
  }
  if (!message.messageId) return { kind: 'malformed', reason: 'messageId is missing' };
  if (message.content.length > MaxEventBytes) return { kind: 'malformed', reason: `body larger than ${MaxEventBytes} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(message.content.toString('utf8'));
  } catch {
    return { kind: 'malformed', reason: 'body is not JSON' };
  }
  const result = SagaStatusChanged.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { kind: 'malformed', reason: `invalid SagaStatusChanged at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
  }
  // The contract makes them one: a mismatch means a forged or broken publisher, and would split the dedupe.
  if (result.data.eventId !== message.messageId)
    return { kind: 'malformed', reason: `messageId ${message.messageId} is not the eventId ${result.data.eventId}` };
  return { kind: 'event', messageId: message.messageId, event: result.data };
}
