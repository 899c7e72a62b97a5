import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditActions } from '../../orchestration/audit/audit-action.js';
import { ApiKeyScopes } from '../../orchestration/auth/api-key-scope.js';
import { WebhookService } from '../../orchestration/webhooks/webhook.service.js';
import { Audited } from '../auth/audited.decorator.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { ApiEndpoint, JsonBodyProblems } from '../openapi/api-endpoint.decorator.js';
import { ApiValidationPipe } from '../validation/api-validation.pipe.js';
import { toCreatedWebhookResponse, toDeliveryListResponse, toWebhookResponse } from './webhook-response.mapper.js';
import {
  CreatedWebhookResponseSchema,
  CreateWebhookRequestSchema,
  ListWebhookDeliveriesQuerySchema,
  WebhookDeliveryListResponseSchema,
  WebhookIdSchema,
  WebhookListResponseSchema,
  WebhookResponseSchema,
  type CreatedWebhookResponse,
  type CreateWebhookRequestBody,
  type ListWebhookDeliveriesQuery,
  type WebhookDeliveryListResponse,
  type WebhookResponse,
} from './webhook.schemas.js';

/** The part of the response the create endpoint sets itself. */
interface CreateResponseLike {
  setHeader(name: string, value: string): unknown;
}

const WEBHOOK_NOT_FOUND = ['invalid-path-parameter', 'webhook-not-found'] as const;

/** Webhook subscriptions and their deliveries (docs/webhooks.md). Thin: validate, call one WebhookService method, map. */
@ApiTags('webhooks')
@Controller('v1/webhooks')
@UsePipes(ApiValidationPipe)
export class WebhooksController {
  constructor(private readonly webhooks: WebhookService) {}

  @Post()
  @RequireScope(ApiKeyScopes.WebhooksManage)
  @Audited(AuditActions.WebhookCreate, { body: 'url' })
  @HttpCode(201)
  @ApiEndpoint({
    summary: 'Subscribe to saga lifecycle events',
    description:
      'Stores a subscription: every matching lifecycle event (`started`, `completed`, `compensating`, `cancelled`, `compensated`, `compensation-failed`) of the named definitions is POSTed to the URL, ' +
      'signed as the Standard Webhooks specification describes (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried with backoff until it is answered 2xx or the attempts run out. ' +
      'The answer carries the signing secret, shown only this once. The URL is checked against the target policy (https, allow-list, no private addresses unless configured). ' +
      'Needs `webhooks:manage`; recorded in the audit log (`webhook.create`) in the same transaction.',
    success: [
      {
        status: 201,
        description: 'Subscribed; the secret is in this answer only.',
        schema: CreatedWebhookResponseSchema,
        headers: { Location: { description: 'The subscription: `/v1/webhooks/{id}`.', schema: { type: 'string' } } },
      },
    ],
    problems: [...JsonBodyProblems, 'invalid-request-body', 'invalid-webhook-target', 'webhook-limit-reached'],
  })
  async create(
    @Body({ schema: CreateWebhookRequestSchema }) body: CreateWebhookRequestBody,
    @Res({ passthrough: true }) response: CreateResponseLike,
  ): Promise<CreatedWebhookResponse> {
    const created = await this.webhooks.create(body);
    response.setHeader('location', `/v1/webhooks/${created.subscription.id}`);
    return toCreatedWebhookResponse(created);
  }

  @Get()
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiEndpoint({
    summary: 'List webhook subscriptions, oldest first',
    success: [{ status: 200, description: 'Every subscription (at most 100 exist), without secrets.', schema: WebhookListResponseSchema }],
    problems: [],
  })
  async list(): Promise<WebhookResponse[]> {
    return (await this.webhooks.list()).map(toWebhookResponse);
  }

  @Get(':id')
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiEndpoint({
    summary: 'Read a webhook subscription',
    success: [{ status: 200, description: 'The subscription, without its secret.', schema: WebhookResponseSchema }],
    problems: [...WEBHOOK_NOT_FOUND],
  })
  async get(@Param('id', { schema: WebhookIdSchema }) id: string): Promise<WebhookResponse> {
    return toWebhookResponse(await this.webhooks.get(id));
  }

  @Delete(':id')
  @RequireScope(ApiKeyScopes.WebhooksManage)
  @Audited(AuditActions.WebhookDelete, { param: 'id' })
  @HttpCode(204)
  @ApiEndpoint({
    summary: 'Delete a webhook subscription',
    description: 'Deletes it with its deliveries and their attempts: pending deliveries are not sent. Recorded in the audit log (`webhook.delete`).',
    success: [{ status: 204, description: 'Deleted.' }],
    problems: [...WEBHOOK_NOT_FOUND],
  })
  async remove(@Param('id', { schema: WebhookIdSchema }) id: string): Promise<void> {
    await this.webhooks.remove(id);
  }

  @Post(':id/enable')
  @RequireScope(ApiKeyScopes.WebhooksManage)
  @Audited(AuditActions.WebhookEnable, { param: 'id' })
  @HttpCode(200)
  @ApiEndpoint({
    summary: 'Enable a webhook subscription again',
    description:
      'A subscription is disabled after WEBHOOK_DISABLE_AFTER_FAILURES consecutive failed attempts; enabling it starts a fresh run and makes its pending deliveries due at once. ' +
      'Idempotent. Recorded in the audit log (`webhook.enable`).',
    success: [{ status: 200, description: 'Enabled.', schema: WebhookResponseSchema }],
    problems: [...WEBHOOK_NOT_FOUND],
  })
  async enable(@Param('id', { schema: WebhookIdSchema }) id: string): Promise<WebhookResponse> {
    return toWebhookResponse(await this.webhooks.enable(id));
  }

  @Get(':id/deliveries')
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiEndpoint({
    summary: "A subscription's deliveries, newest first, with every attempt",
    description:
      'A delivery is listed until housekeeping deletes it: `WEBHOOK_DELIVERY_RETENTION_MS` (default 30 days) after it settled (delivered, or given up after its last attempt); a pending delivery stays.',
    success: [{ status: 200, description: 'Its newest deliveries.', schema: WebhookDeliveryListResponseSchema }],
    problems: [...WEBHOOK_NOT_FOUND, 'invalid-query-parameter'],
  })
  async deliveries(
    @Param('id', { schema: WebhookIdSchema }) id: string,
    @Query({ schema: ListWebhookDeliveriesQuerySchema }) query: ListWebhookDeliveriesQuery,
  ): Promise<WebhookDeliveryListResponse> {
    return toDeliveryListResponse(await this.webhooks.deliveries(id, query.limit));
  }
}
