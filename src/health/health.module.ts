import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MessagingModule } from '../messaging/messaging.module.js';
import { HealthController } from './health.controller.js';
import { OutboxHealthIndicator } from './outbox.health-indicator.js';
import { RabbitMqHealthIndicator } from './rabbitmq.health-indicator.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), MessagingModule],
  controllers: [HealthController],
  providers: [RabbitMqHealthIndicator, OutboxHealthIndicator],
})
export class HealthModule {}
