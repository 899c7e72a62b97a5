import { z } from 'zod';
import { AllLifecycleEvents } from '../../orchestration/webhooks/lifecycle-event.js';
import { IsoDateTimeSchema, SafeIdentifierSchema } from '../common.schemas.js';

/** Path parameter `{id}`. */
export const WebhookIdSchema = z.uuid().describe('The webhook subscription id (UUID).');

const LifecycleEventSchema = z.enum(AllLifecycleEvents).describe('A saga lifecycle event (docs/webhooks.md).');

/** `POST /v1/webhooks`. */
export const CreateWebhookRequestSchema = z
  .strictObject({
    url: z
      .string()
      .min(1)
      .max(2048)
      .describe(
        'Where deliveries are POSTed: `https://` (plain `http://` only with WEBHOOK_ALLOW_HTTP), a host on WEBHOOK_ALLOWED_HOSTS when it is set, not a private, loopback or link-local address unless WEBHOOK_ALLOW_PRIVATE_NETWORKS.',
      )
      .meta({ example: 'https://hooks.example.com/sagas' }),
    events: z.array(LifecycleEventSchema).min(1).max(AllLifecycleEvents.length).describe('The lifecycle events to receive.'),
    definitions: z
      .array(SafeIdentifierSchema)
      .max(50)
      .optional()
      .describe('Only sagas of these definitions (by name); absent or empty: every definition.'),
    description: z.string().min(1).max(500).optional().describe('What the subscription is for (shown in the dashboard).'),
  })
  .meta({ id: 'CreateWebhookRequest' });
export type CreateWebhookRequestBody = z.infer<typeof CreateWebhookRequestSchema>;

/** A webhook subscription (without its secret). */
export const WebhookResponseSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(LifecycleEventSchema),
    definitions: z.array(z.string()).describe('Empty: every definition.'),
    description: z.string().nullable(),
    enabled: z
      .boolean()
      .describe(
        'False once it was disabled after WEBHOOK_DISABLE_AFTER_FAILURES consecutive failed attempts: enable it again with `POST /v1/webhooks/{id}/enable`.',
      ),
    disabledReason: z.string().nullable(),
    disabledAt: IsoDateTimeSchema.nullable(),
    consecutiveFailures: z.int().describe('Failed attempts since the last successful one.'),
    createdBy: z.string().nullable().describe('The API key that created it; null when authentication is off.'),
    createdAt: IsoDateTimeSchema,
  })
  .meta({ id: 'Webhook' });
export type WebhookResponse = z.infer<typeof WebhookResponseSchema>;

/** `POST /v1/webhooks`: the subscription and, this once, its secret. */
export const CreatedWebhookResponseSchema = WebhookResponseSchema.extend({
  secret: z
    .string()
    .describe('The signing secret (`whsec_` + base64 of the HMAC-SHA256 key). Shown only in this answer: keep it to verify signatures.')
    .meta({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
}).meta({ id: 'CreatedWebhook' });
export type CreatedWebhookResponse = z.infer<typeof CreatedWebhookResponseSchema>;

/** `GET /v1/webhooks`. */
export const WebhookListResponseSchema = z.array(WebhookResponseSchema).meta({ id: 'WebhookList' });

/** One attempt of a delivery. */
export const WebhookAttemptResponseSchema = z
  .object({
    attempt: z.int().describe('1 for the first.'),
    startedAt: IsoDateTimeSchema,
    durationMs: z.int(),
    succeeded: z.boolean().describe('The receiver answered 2xx.'),
    statusCode: z.int().nullable().describe('The HTTP status; null when no answer came.'),
    error: z
      .string()
      .nullable()
      .describe('Why it failed: `HTTP 503`, `timed out after 10000 ms`, `connection refused`, `redirect not followed (HTTP 302)` …'),
    responseBody: z.string().nullable().describe('The first 4 KB of the answer.'),
  })
  .meta({ id: 'WebhookAttempt' });

/** One event for one subscription. */
export const WebhookDeliveryResponseSchema = z
  .object({
    id: z.uuid().describe('The `webhook-id` header: the same on every attempt, for the receiver to deduplicate.'),
    eventId: z.string(),
    sagaId: z.uuid(),
    event: LifecycleEventSchema,
    status: z
      .enum(['PENDING', 'SUCCEEDED', 'FAILED'])
      .describe('PENDING: waiting for its next attempt; SUCCEEDED: answered 2xx; FAILED: every attempt failed.'),
    nextAttemptAt: IsoDateTimeSchema.nullable().describe('When PENDING: when it is due (while the subscription is disabled it waits).'),
    createdAt: IsoDateTimeSchema,
    attempts: z.array(WebhookAttemptResponseSchema),
  })
  .meta({ id: 'WebhookDelivery' });

/** `GET /v1/webhooks/{id}/deliveries`. */
export const WebhookDeliveryListResponseSchema = z.array(WebhookDeliveryResponseSchema).meta({ id: 'WebhookDeliveryList' });
export type WebhookDeliveryListResponse = z.infer<typeof WebhookDeliveryListResponseSchema>;

/** `GET /v1/webhooks/{id}/deliveries` query. */
export const ListWebhookDeliveriesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Newest deliveries to answer, 1..100.'),
});
export type ListWebhookDeliveriesQuery = z.infer<typeof ListWebhookDeliveriesQuerySchema>;
