import { Module } from '@nestjs/common';
import { BrokerProbe } from '../observability/health/broker-probe.port.js';
import { QueueDepthProbe } from '../orchestration/ports/queue-depth-probe.port.js';
import { CoordinatorPublisher } from './coordinator-publisher.service.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { RabbitMqBrokerProbe } from './rabbitmq-broker.probe.js';
import { RabbitMqQueueDepthProbe } from './rabbitmq-queue-depth.probe.js';
import { ReplyConsumer } from './reply-consumer.service.js';
import { LifecycleEventConsumer } from './webhooks/lifecycle-event-consumer.service.js';

/**
 * RabbitMQ side of the coordinator: publishing (the outbox relay, a post-commit listener of the
 * runtime) and consuming (replies and parent ↔ child messages, handed to the runtime's
 * `InboundMessageHandler`; announcements to the participant directory; lifecycle events to the
 * webhook service, which fans them out into deliveries). Provides the broker
 * probes health and the participant directory ask. Needs `OutboxStore`, the runtime and the
 * orchestration services (global) from the composition root.
 */
@Module({
  providers: [
    CoordinatorPublisher,
    OutboxRelay,
    ReplyConsumer,
    LifecycleEventConsumer,
    { provide: QueueDepthProbe, useClass: RabbitMqQueueDepthProbe },
    { provide: BrokerProbe, useClass: RabbitMqBrokerProbe },
  ],
  exports: [CoordinatorPublisher, QueueDepthProbe, BrokerProbe],
})
export class MessagingModule {}
