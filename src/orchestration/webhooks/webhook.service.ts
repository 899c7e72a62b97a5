import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { AuditActions } from '../audit/audit-action.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import { InvalidWebhookTargetError } from '../errors/invalid-webhook-target.error.js';
import { WebhookLimitReachedError } from '../errors/webhook-limit-reached.error.js';
import { WebhookNotFoundError } from '../errors/webhook-not-found.error.js';
import { type ClaimedWebhookDelivery, type WebhookAttemptRecord, WebhookStore } from '../ports/webhook-store.port.js';
import type { CreatedWebhookView, WebhookDeliveryView, WebhookSubscriptionView } from '../views/webhook.view.js';
import { type LifecycleEvent, type SagaStatusChanged, toWebhookPayload } from './lifecycle-event.js';
import { generateWebhookSecret, WebhookSecretCodec } from './webhook-secret.codec.js';
import { webhookRetryDelay, type WebhookRetryPolicy } from './webhook-retry-delay.rule.js';
import { checkWebhookTarget, type WebhookTargetPolicy } from './webhook-target.rule.js';

/** Subscriptions the coordinator keeps at most: each event costs one delivery row per matching one. */
export const MaxWebhookSubscriptions = 100;

/** What `POST /v1/webhooks` asks for. */
export interface CreateWebhookRequest {
  readonly url: string;
  readonly events: readonly LifecycleEvent[];
  /** Absent or empty: every definition. */
  readonly definitions?: readonly string[];
  readonly description?: string;
}

/** A leased delivery with the secret to sign it with. */
export interface DueWebhookDelivery extends ClaimedWebhookDelivery {
  /** Null when the stored secret cannot be opened (encrypted under another key): the attempt fails with that reason. */
  readonly secret: string | null;
}

/**
 * Webhook subscriptions and their deliveries: the REST API manages subscriptions (audited in
 * their transaction), the lifecycle-event consumer fans events out into deliveries, and the
 * delivery worker (every replica) claims due ones and records each attempt with what follows it:
 * a retry with backoff, giving up, and disabling a subscription after a run of failures.
 */
@Injectable()
export class WebhookService {
  private readonly codec: WebhookSecretCodec;
  /** The target rules, for creation here and for the sender's check of the resolved address. */
  readonly targetPolicy: WebhookTargetPolicy;
  private readonly retryPolicy: WebhookRetryPolicy;
  private readonly dueListeners = new Set<() => void>();

  constructor(
    private readonly store: WebhookStore,
    private readonly audit: AuditTrailService,
    private readonly config: AppConfig,
  ) {
    this.codec = new WebhookSecretCodec(config.webhookSecretEncryptionKey);
    this.targetPolicy = {
      allowedHosts: config.webhookAllowedHosts,
      allowPrivateNetworks: config.webhookAllowPrivateNetworks,
      allowHttp: config.webhookAllowHttp,
    };
    this.retryPolicy = {
      maxAttempts: config.webhookMaxAttempts,
      initialDelayMs: config.webhookRetryInitialDelayMs,
      maxDelayMs: config.webhookRetryMaxDelayMs,
    };
  }

  /** True when signing secrets are encrypted at rest. */
  get secretsEncrypted(): boolean {
    return this.codec.encrypts;
  }

  /**
   * Stores a subscription with a new signing secret, which the answer shows this once.
   * @throws InvalidWebhookTargetError, WebhookLimitReachedError
   */
  async create(request: CreateWebhookRequest): Promise<CreatedWebhookView> {
    const target = checkWebhookTarget(request.url, this.targetPolicy);
    if (!target.ok) throw new InvalidWebhookTargetError(request.url, target.reason);
    const secret = generateWebhookSecret();
    const subscription = await this.store.create(
      {
        url: target.url.href,
        events: [...new Set(request.events)],
        definitions: [...new Set(request.definitions ?? [])],
        description: request.description ?? null,
        sealedSecret: this.codec.seal(secret),
        createdBy: this.audit.currentActor()?.principal?.id ?? null,
      },
      MaxWebhookSubscriptions,
      (tx, created) => this.audit.recordInTransaction(tx, AuditActions.WebhookCreate, created.id),
    );
    if (!subscription) throw new WebhookLimitReachedError(MaxWebhookSubscriptions);
    return { subscription, secret };
  }

  list(): Promise<WebhookSubscriptionView[]> {
    return this.store.list();
  }

  /** @throws WebhookNotFoundError */
  async get(id: string): Promise<WebhookSubscriptionView> {
    const subscription = await this.store.get(id);
    if (!subscription) throw new WebhookNotFoundError(id);
    return subscription;
  }

  /** Deletes the subscription and its deliveries (pending ones are not sent). @throws WebhookNotFoundError */
  async remove(id: string): Promise<void> {
    const removed = await this.store.remove(id, (tx) => this.audit.recordInTransaction(tx, AuditActions.WebhookDelete, id));
    if (!removed) throw new WebhookNotFoundError(id);
  }

  /**
   * Enables the subscription again (after it was disabled for failing) with a fresh failure run;
   * its pending deliveries resume. Idempotent. @throws WebhookNotFoundError
   */
  async enable(id: string): Promise<WebhookSubscriptionView> {
    const enabled = await this.store.enable(id, (tx) => this.audit.recordInTransaction(tx, AuditActions.WebhookEnable, id));
    if (!enabled) throw new WebhookNotFoundError(id);
    this.notifyDue();
    return enabled;
  }

  /** Newest first, with their attempts. @throws WebhookNotFoundError */
  async deliveries(id: string, limit: number): Promise<WebhookDeliveryView[]> {
    await this.get(id);
    return (await this.store.listDeliveries(id, limit)).map(({ subscriptionId: _subscription, ...delivery }) => delivery);
  }

  /**
   * Lifecycle events in: a delivery for each event and matching enabled subscription, in one
   * statement. A redelivered event creates none (deliveries are unique per subscription and event id).
   */
  async fanOut(events: readonly { readonly messageId: string; readonly event: SagaStatusChanged }[]): Promise<number> {
    const created = await this.store.fanOut(
      events.map(({ messageId, event }) => ({
        messageId,
        sagaId: event.sagaId,
        definition: event.definition,
        event: event.event,
        payload: JSON.stringify(toWebhookPayload(event)),
      })),
    );
    if (created > 0) this.notifyDue();
    return created;
  }

  /** Calls `listener` when this replica made deliveries due (a new event, an enabled subscription); returns the unsubscribe. */
  onDeliveriesDue(listener: () => void): () => void {
    this.dueListeners.add(listener);
    return () => this.dueListeners.delete(listener);
  }

  /** Leases due deliveries for one attempt each, long enough for an attempt to finish. */
  async claimDue(limit: number): Promise<DueWebhookDelivery[]> {
    const leaseMs = this.config.webhookTimeoutMs * 2 + 5_000;
    const claimed = await this.store.claimDue(limit, leaseMs);
    return claimed.map((delivery) => ({ ...delivery, secret: this.openSecret(delivery.sealedSecret) }));
  }

  /** Records an attempt: success, a retry after a backoff with jitter, or giving up; and the subscription's failure run. */
  recordAttempt(attempt: WebhookAttemptRecord, random: number = Math.random()): Promise<void> {
    return this.store.recordAttempt(attempt, {
      retryInMs: attempt.succeeded ? null : webhookRetryDelay(attempt.attempt, this.retryPolicy, random),
      disableAfterFailures: this.config.webhookDisableAfterFailures,
    });
  }

  private openSecret(sealed: string): string | null {
    try {
      return this.codec.open(sealed);
    } catch {
      return null;
    }
  }

  private notifyDue(): void {
    for (const listener of this.dueListeners) listener();
  }
}
