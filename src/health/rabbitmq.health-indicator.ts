import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Topology } from '@saga-coordinator/contracts';
import { CoordinatorPublisher } from '../messaging/coordinator-publisher.service.js';

/** RabbitMQ answers when the publisher is connected and a passive check of our queue succeeds. */
@Injectable()
export class RabbitMqHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly publisher: CoordinatorPublisher,
  ) {}

  async isHealthy(key = 'rabbitmq') {
    const indicator = this.indicators.check(key);
    if (!this.publisher.connected) return indicator.down({ message: 'publisher channel not connected' });
    try {
      const queue = await withTimeout(
        this.publisher.withChannel((channel) => channel.checkQueue(Topology.repliesQueue)),
        2_000,
      );
      return indicator.up({ repliesQueueDepth: queue.messageCount, consumers: queue.consumerCount });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}
