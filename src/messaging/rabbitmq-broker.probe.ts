import { Injectable } from '@nestjs/common';
import { Topology } from '@saga-coordinator/contracts';
import { BrokerProbe, type BrokerProbeResult } from '../observability/health/broker-probe.port.js';
import { CoordinatorPublisher } from './coordinator-publisher.service.js';

/** A check answered later than this counts as down: the readiness probe must not hang on the broker. */
const CHECK_TIMEOUT_MS = 2_000;

/** `BrokerProbe` on RabbitMQ: the publisher is connected and a passive check of `saga.replies` succeeds. */
@Injectable()
export class RabbitMqBrokerProbe extends BrokerProbe {
  constructor(private readonly publisher: CoordinatorPublisher) {
    super();
  }

  async check(): Promise<BrokerProbeResult> {
    if (!this.publisher.connected) return { up: false, message: 'publisher channel not connected' };
    try {
      const queue = await withTimeout(
        this.publisher.withChannel((channel) => channel.checkQueue(Topology.repliesQueue)),
        CHECK_TIMEOUT_MS,
      );
      return { up: true, repliesQueueDepth: queue.messageCount, consumers: queue.consumerCount };
    } catch (error) {
      return { up: false, message: (error as Error).message };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}
