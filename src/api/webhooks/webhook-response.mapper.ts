import type { CreatedWebhookView, WebhookDeliveryView, WebhookSubscriptionView } from '../../orchestration/views/webhook.view.js';
import type { CreatedWebhookResponse, WebhookDeliveryListResponse, WebhookResponse } from './webhook.schemas.js';

export function toWebhookResponse(view: WebhookSubscriptionView): WebhookResponse {
  return { ...view, events: [...view.events], definitions: [...view.definitions] };
}

export function toCreatedWebhookResponse(view: CreatedWebhookView): CreatedWebhookResponse {
  return { ...toWebhookResponse(view.subscription), secret: view.secret };
}

export function toDeliveryListResponse(views: readonly WebhookDeliveryView[]): WebhookDeliveryListResponse {
  return views.map((view) => ({ ...view, attempts: view.attempts.map((attempt) => ({ ...attempt })) }));
}
