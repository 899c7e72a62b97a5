import { Module } from '@nestjs/common';
import { OutboxDispatcher } from '../orchestration/ports/outbox-dispatcher.port.js';
import { CoordinatorPublisher } from './coordinator-publisher.service.js';
import { OutboxRelay } from './outbox-relay.service.js';
import { QueueDepthProbe } from '../orchestration/ports/queue-depth-probe.port.js';
import { RabbitMqQueueDepthProbe } from './rabbitmq-queue-depth.probe.js';
import { ReplyConsumer } from './reply-consumer.service.js';

/**
 * RabbitMQ side of the coordinator: publishing (outbox relay) and consuming (replies).
 * Needs `OutboxStore` and `InboundMessageHandler` from the orchestration layer (global or
 * imported by the composition root).
 */
@Module({
  providers: [
    CoordinatorPublisher,
    OutboxRelay,
    { provide: OutboxDispatcher, useExisting: OutboxRelay },
    ReplyConsumer,
    { provide: QueueDepthProbe, useClass: RabbitMqQueueDepthProbe },
  ],
  exports: [OutboxDispatcher, CoordinatorPublisher, QueueDepthProbe],
})
export class MessagingModule {}
