import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import amqp from 'amqplib';
import { MessageHeaders, Topology } from '@saga-coordinator/contracts';
import { Refusals, orderInput } from '../support/order-fixtures.js';
import { startExampleParticipants, waitForParticipants } from '../support/order-system.js';
import type { ServiceProcess } from '../support/service-processes.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';
import { startCoordinatorWithDefinitions, type RunningCoordinator } from './fixtures/coordinator-with-definitions.js';
import { postJson } from './fixtures/http.js';
import { lifecycleEvent, publishLifecycleEvents, type ContractEvent } from './fixtures/lifecycle-events.js';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './fixtures/webhook-receiver.js';

/** Failed attempts in a row that disable a subscription here. */
const DISABLE_AFTER = 5;

interface Subscription {
  id: string;
  secret: string;
}

/** The Standard Webhooks headers of a received request, as the verifier takes them. */
function signatureHeaders(request: ReceivedWebhook): Record<string, string> {
  return {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  };
}

/**
 * Webhooks against a real coordinator process, RabbitMQ and PostgreSQL: lifecycle events
 * published to `saga.events` (contract-shaped, as the coordinator's outbox publishes them) reach
 * receivers on loopback, signed, retried and recorded.
 */
describe('webhooks end to end', () => {
  let infra: TestInfrastructure;
  let coordinator: RunningCoordinator;
  const receivers: WebhookReceiver[] = [];
  let participants: ServiceProcess[] = [];

  async function subscribe(url: string, events: string[], definitions?: string[]): Promise<Subscription> {
    const response = await postJson(coordinator.baseUrl, '/v1/webhooks', { url, events, ...(definitions ? { definitions } : {}) });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as Subscription;
  }

  async function receiver(answer?: (index: number) => number): Promise<WebhookReceiver> {
    const started = await startWebhookReceiver(answer);
    receivers.push(started);
    return started;
  }

  async function deliveriesOf(id: string): Promise<any[]> {
    return (await coordinator.client.json(`/v1/webhooks/${id}/deliveries`)).body as any[];
  }

  beforeAll(async () => {
    infra = await createTestInfrastructure('saga_e2e_webhooks');
    coordinator = await startCoordinatorWithDefinitions(infra, [], {
      // The receivers listen on loopback over plain HTTP: allowed here by configuration only.
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_POLL_INTERVAL_MS: '100',
      WEBHOOK_RETRY_INITIAL_DELAY_MS: '200',
      WEBHOOK_RETRY_MAX_DELAY_MS: '400',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_DISABLE_AFTER_FAILURES: String(DISABLE_AFTER),
      WEBHOOK_SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
  }, 90_000);

  afterAll(async () => {
    await Promise.all(participants.map((p) => p.stop()));
    await coordinator?.process.stop();
    await Promise.all(receivers.map((r) => r.close()));
    await infra?.dispose();
  });

  it('delivers each matching event once, signed so that the spec verification accepts it and refuses a wrong secret or a replayed old timestamp', async () => {
    const hooks = await receiver();
    const { id, secret } = await subscribe(hooks.url, ['completed', 'compensated'], ['order']);
    expect(secret).toMatch(/^whsec_/);

    const completed = lifecycleEvent('order', 'completed');
    const compensated = { ...lifecycleEvent('order', 'compensated'), failure: { code: 'card-declined', message: 'the card was declined' } };
    const unsubscribedEvent = lifecycleEvent('order', 'started');
    const otherDefinition = lifecycleEvent('shipment', 'completed');
    // The broker delivers at least once: the same event twice is one delivery (unique per subscription and event).
    await publishLifecycleEvents(infra.rabbitmqUrl, [completed, compensated, completed, unsubscribedEvent, otherDefinition]);

    await eventually(() => (hooks.received.length >= 2 ? true : undefined), { timeoutMs: 15_000, what: 'two deliveries' });
    // Anything else would have arrived by now too (the worker polls every 100 ms).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(hooks.received).toHaveLength(2);

    const verifier = new Webhook(secret);
    const payloads = hooks.received.map(
      (request) => verifier.verify(request.body, signatureHeaders(request)) as { type: string; timestamp: string; data: ContractEvent },
    );
    const expected = (event: ContractEvent) => ({ type: `saga.${event.event}`, timestamp: event.occurredAt, data: event });
    expect(payloads).toEqual(expect.arrayContaining([expected(completed), expected(compensated)]));

    const [first] = hooks.received as [ReceivedWebhook];
    // Another subscriber's secret (or a forger's) does not verify.
    const { secret: otherSecret } = await subscribe(hooks.url, ['compensation-failed'], ['nothing-runs-this']);
    expect(() => new Webhook(otherSecret).verify(first.body, signatureHeaders(first))).toThrow(WebhookVerificationError);
    // A tampered body does not verify.
    expect(() => verifier.verify(first.body.replace('order', 'other'), signatureHeaders(first))).toThrow(WebhookVerificationError);
    // A replay of the same request ten minutes later is refused (the spec's 5-minute tolerance).
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 10 * 60_000);
    try {
      expect(() => verifier.verify(first.body, signatureHeaders(first))).toThrow(/too old/i);
    } finally {
      vi.restoreAllMocks();
    }
    // An old timestamp written into the headers breaks the signature (the timestamp is signed).
    const oldTimestamp = String(Math.floor(now / 1000) - 3600);
    expect(() => verifier.verify(first.body, { ...signatureHeaders(first), 'webhook-timestamp': oldTimestamp })).toThrow(WebhookVerificationError);

    const deliveries = await deliveriesOf(id);
    expect(deliveries.map((d) => d.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(new Set(deliveries.map((d) => d.id))).toEqual(new Set(hooks.received.map((r) => r.headers['webhook-id'])));
  }, 60_000);

  it('takes a burst of events with a malformed one among them: every valid event delivered once, the malformed one dead-lettered with the reason', async () => {
    const hooks = await receiver();
    await subscribe(hooks.url, ['completed'], ['burst']);
    const events = Array.from({ length: 20 }, () => lifecycleEvent('burst', 'completed'));
    const malformed = { ...lifecycleEvent('burst', 'completed'), event: 'exploded' };
    await publishLifecycleEvents(infra.rabbitmqUrl, [...events.slice(0, 10), malformed, ...events.slice(10), events[3]!]);

    await eventually(() => (hooks.received.length >= events.length ? true : undefined), { timeoutMs: 15_000, what: 'a delivery per event' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const delivered = hooks.received.map((request) => (JSON.parse(request.body) as { data: ContractEvent }).data.eventId);
    expect(delivered.sort()).toEqual(events.map((event) => event.eventId).sort());

    const connection = await amqp.connect(infra.rabbitmqUrl);
    try {
      const channel = await connection.createChannel();
      const letter = await eventually(
        async () => {
          for (let message = await channel.get(Topology.deadLetterQueue); message; message = await channel.get(Topology.deadLetterQueue)) {
            if (message.properties.messageId === malformed.eventId) return message;
          }
          return undefined;
        },
        { timeoutMs: 10_000, what: 'the malformed event in saga.dead-letter' },
      );
      expect(String(letter.properties.headers?.[MessageHeaders.deadLetterReason])).toMatch(/invalid SagaStatusChanged at event/);
    } finally {
      await connection.close();
    }
  }, 60_000);

  it('retries a receiver that fails three times and delivers once it recovers, with every attempt visible over REST', async () => {
    const flaky = await receiver((index) => (index < 3 ? 503 : 200));
    const { id, secret } = await subscribe(flaky.url, ['compensated']);
    const event = lifecycleEvent('order', 'compensated');
    await publishLifecycleEvents(infra.rabbitmqUrl, [event]);

    await eventually(() => (flaky.accepted().length === 1 ? true : undefined), { timeoutMs: 20_000, what: 'the delivery after three failures' });
    expect(flaky.received.map((r) => r.answeredWith)).toEqual([503, 503, 503, 200]);
    // The same webhook-id on every attempt, so a receiver dedupes; each attempt signed anew.
    expect(new Set(flaky.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const verified = new Webhook(secret).verify(flaky.accepted()[0]!.body, signatureHeaders(flaky.accepted()[0]!)) as { data: ContractEvent };
    expect(verified.data).toEqual(event);

    const delivery = await eventually(async () => {
      const [latest] = await deliveriesOf(id);
      return latest?.status === 'SUCCEEDED' ? latest : undefined;
    });
    expect(delivery).toMatchObject({
      id: flaky.received[0]!.headers['webhook-id'],
      eventId: event.eventId,
      sagaId: event.sagaId,
      event: 'compensated',
    });
    expect(delivery.attempts.map((a: any) => [a.attempt, a.succeeded, a.statusCode, a.error])).toEqual([
      [1, false, 503, 'HTTP 503'],
      [2, false, 503, 'HTTP 503'],
      [3, false, 503, 'HTTP 503'],
      [4, true, 200, null],
    ]);
    expect(delivery.attempts[0].responseBody).toBe('receiver is down');
    // A success ends the failure run.
    expect((await coordinator.client.json(`/v1/webhooks/${id}`)).body).toMatchObject({ enabled: true, consecutiveFailures: 0 });
  }, 60_000);

  it('disables a subscription after a run of failed attempts and delivers what waited once an operator enables it (audited)', async () => {
    let down = true;
    const broken = await receiver(() => (down ? 500 : 200));
    const { id } = await subscribe(broken.url, ['cancelled']);
    await publishLifecycleEvents(infra.rabbitmqUrl, [lifecycleEvent('order', 'cancelled')]);

    const disabled = await eventually(
      async () => {
        const { body } = await coordinator.client.json(`/v1/webhooks/${id}`);
        return body.enabled === false ? body : undefined;
      },
      { timeoutMs: 20_000, what: 'the subscription disabled' },
    );
    expect(disabled).toMatchObject({ consecutiveFailures: DISABLE_AFTER });
    expect(disabled.disabledReason).toContain('HTTP 500');
    // Disabled: nothing more is sent, and the delivery waits.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(broken.received).toHaveLength(DISABLE_AFTER);
    expect((await deliveriesOf(id))[0].status).toBe('PENDING');

    down = false;
    const enabled = await postJson(coordinator.baseUrl, `/v1/webhooks/${id}/enable`);
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });
    await eventually(() => (broken.accepted().length === 1 ? true : undefined), { timeoutMs: 10_000, what: 'the waiting delivery' });
    const audit = (await coordinator.client.json(`/v1/audit?action=webhook.enable`)).body;
    expect(audit.items).toEqual([expect.objectContaining({ action: 'webhook.enable', target: id, outcome: 'succeeded' })]);
  }, 60_000);

  it('tells a receiver how real order sagas end: started and completed for a happy order; started, compensating and compensated for an AQ one', async () => {
    const hooks = await receiver();
    const { secret } = await subscribe(hooks.url, ['started', 'completed', 'compensating', 'compensated'], ['order']);
    participants = startExampleParticipants({ DATABASE_URL: infra.databaseUrl, RABBITMQ_URL: infra.rabbitmqUrl });
    await waitForParticipants(coordinator.client, [coordinator.process, ...participants]);

    const happy = (await coordinator.client.start(orderInput())).body.id as string;
    const refused = (await coordinator.client.start(Refusals.shipping())).body.id as string;
    await coordinator.client.waitFor(happy, ['COMPLETED']);
    await coordinator.client.waitFor(refused, ['COMPENSATED']);

    const verifier = new Webhook(secret);
    const eventsOf = (sagaId: string) =>
      hooks.received
        .map((request) => verifier.verify(request.body, signatureHeaders(request)) as { type: string; data: { sagaId: string; event: string } })
        .filter((payload) => payload.data.sagaId === sagaId)
        .map((payload) => payload.type)
        .sort();
    await eventually(() => (eventsOf(happy).length === 2 && eventsOf(refused).length === 3 ? true : undefined), {
      timeoutMs: 15_000,
      what: 'the lifecycle deliveries of both sagas',
    });
    expect(eventsOf(happy)).toEqual(['saga.completed', 'saga.started']);
    expect(eventsOf(refused)).toEqual(['saga.compensated', 'saga.compensating', 'saga.started']);
  }, 120_000);

  it('refuses a target outside the policy with a problem and stores nothing', async () => {
    const before = (await coordinator.client.json('/v1/webhooks')).body.length;
    const response = await postJson(coordinator.baseUrl, '/v1/webhooks', { url: 'ftp://hooks.example.com/x', events: ['completed'] });
    expect(response.status).toBe(422);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body).toMatchObject({ type: 'urn:saga-coordinator:problem:invalid-webhook-target' });
    expect(response.body.detail).toContain('scheme');
    expect((await coordinator.client.json('/v1/webhooks')).body).toHaveLength(before);
  });
});
