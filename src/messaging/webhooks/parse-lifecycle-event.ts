import { z } from 'zod';
import { AllLifecycleEvents, LifecycleStatuses, type SagaStatusChanged } from '../../orchestration/webhooks/lifecycle-event.js';

/** `type` of lifecycle event messages. */
export const SagaStatusChangedType = 'saga.StatusChanged';

/** Bounded like every inbound message: a lifecycle event is small. */
const MaxEventBytes = 64 * 1024;

const status = z.enum(LifecycleStatuses);

/** The consumer's view of `SagaStatusChanged`: unknown fields are dropped, as the contract asks of consumers. */
const SagaStatusChangedSchema = z.object({
  eventId: z.string().min(1).max(200),
  sagaId: z.uuid(),
  definition: z.string().min(1).max(200),
  definitionVersion: z.int().min(1),
  event: z.enum(AllLifecycleEvents),
  status,
  previousStatus: status.nullable(),
  occurredAt: z.iso.datetime({ offset: true }),
  parentSagaId: z.uuid().nullable(),
  failure: z.object({ code: z.string().max(200), message: z.string().max(4000) }).optional(),
});

export type ParsedLifecycleEvent =
  | { readonly kind: 'event'; readonly messageId: string; readonly event: SagaStatusChanged }
  | { readonly kind: 'malformed'; readonly reason: string };

/** Checks an AMQP message from `saga.events`; anything else is `malformed` with the reason (it is dead-lettered). */
export function parseLifecycleEvent(message: { content: Buffer; type: string | undefined; messageId: string | undefined }): ParsedLifecycleEvent {
  if (message.type !== SagaStatusChangedType) return { kind: 'malformed', reason: `type must be ${SagaStatusChangedType}, got ${String(message.type)}` };
  if (!message.messageId) return { kind: 'malformed', reason: 'messageId is missing' };
  if (message.content.length > MaxEventBytes) return { kind: 'malformed', reason: `body larger than ${MaxEventBytes} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(message.content.toString('utf8'));
  } catch {
    return { kind: 'malformed', reason: 'body is not JSON' };
  }
  const result = SagaStatusChangedSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { kind: 'malformed', reason: `invalid SagaStatusChanged at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
  }
  const { failure, ...event } = result.data;
  return { kind: 'event', messageId: message.messageId, event: failure === undefined ? event : { ...event, failure } };
}
