import { Module } from '@nestjs/common';
import { WebhookDeliveryWorker } from './webhook-delivery-worker.service.js';

/**
 * Outbound webhooks: the delivery worker over the webhook service (global, from the
 * orchestration module) and the configuration. Subscriptions and the fan-out of lifecycle
 * events live in the API, orchestration and messaging layers.
 */
@Module({ providers: [WebhookDeliveryWorker] })
export class WebhooksModule {}
