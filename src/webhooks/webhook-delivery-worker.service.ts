import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { AppConfig } from '../config/app-config.js';
import { type DueWebhookDelivery, WebhookService } from '../orchestration/webhooks/webhook.service.js';
import { sendWebhook, type WebhookResponse } from './webhook-http.sender.js';
import { WakeableSleep } from '../orchestration/workers/wakeable-sleep.js';

/** Deliveries one replica attempts at once. */
const BatchSize = 10;

/**
 * Sends due webhook deliveries, on every replica with no leader: each claims a batch with a lease
 * (`FOR UPDATE SKIP LOCKED`), signs each delivery as Standard Webhooks describes (`webhook-id` =
 * the delivery id, the same on every retry; `webhook-timestamp` = now; `webhook-signature` =
 * HMAC-SHA256 with the subscription's secret), POSTs it, and records the attempt. It sleeps
 * `WEBHOOK_POLL_INTERVAL_MS` between empty polls, and wakes at once when this replica fans out
 * an event or an operator enables a subscription.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryWorker.name);
  private stopping = false;
  private readonly pause = new WakeableSleep();
  private loop: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly webhooks: WebhookService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.webhooks.secretsEncrypted) this.logger.warn('WEBHOOK_SECRET_ENCRYPTION_KEY is not set: webhook signing secrets are stored unencrypted');
    this.unsubscribe = this.webhooks.onDeliveriesDue(() => {
      this.pause.wake();
    });
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.pause.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let claimed = 0;
      try {
        const due = await this.webhooks.claimDue(BatchSize);
        claimed = due.length;
        await Promise.all(due.map((delivery) => this.attempt(delivery)));
      } catch (error) {
        this.logger.warn(`webhook delivery round failed: ${(error as Error).message}`);
      }
      // A full batch means more may be due: go again at once.
      if (claimed < BatchSize) await this.pause.sleep(this.config.webhookPollIntervalMs);
    }
  }

  private async attempt(delivery: DueWebhookDelivery): Promise<void> {
    const startedAt = new Date();
    const response: WebhookResponse =
      delivery.secret === null
        ? {
            succeeded: false,
            statusCode: null,
            error: 'the signing secret cannot be decrypted (WEBHOOK_SECRET_ENCRYPTION_KEY changed?)',
            responseBody: null,
          }
        : await sendWebhook(
            { url: delivery.url, headers: signedHeaders(delivery.id, delivery.secret, startedAt, delivery.payload), body: delivery.payload },
            this.webhooks.targetPolicy,
            this.config.webhookTimeoutMs,
          );
    if (!response.succeeded) this.logger.warn(`webhook delivery ${delivery.id} attempt ${delivery.attempt} failed: ${response.error ?? 'unknown'}`);
    await this.webhooks.recordAttempt({
      deliveryId: delivery.id,
      attempt: delivery.attempt,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      ...response,
    });
  }
}

/** The three Standard Webhooks headers of one attempt. */
export function signedHeaders(deliveryId: string, secret: string, at: Date, payload: string): Record<string, string> {
  return {
    'webhook-id': deliveryId,
    'webhook-timestamp': Math.floor(at.getTime() / 1000).toString(),
    'webhook-signature': new Webhook(secret).sign(deliveryId, at, payload),
    'user-agent': 'saga-coordinator-webhooks',
  };
}
