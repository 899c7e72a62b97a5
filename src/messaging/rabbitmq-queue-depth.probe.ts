import { Injectable } from '@nestjs/common';
import { participantQueue } from '@saga-coordinator/contracts';
import { type QueueDepth, QueueDepthProbe } from '../orchestration/ports/queue-depth-probe.port.js';
import { CoordinatorPublisher } from './coordinator-publisher.service.js';

/** A check answered later than this counts as unknown: the participants page must not hang on the broker. */
const CHECK_TIMEOUT_MS = 2_000;

/** `QueueDepthProbe` with `queue.declare passive` (checkQueue) on a short-lived channel. */
@Injectable()
export class RabbitMqQueueDepthProbe extends QueueDepthProbe {
  constructor(private readonly publisher: CoordinatorPublisher) {
    super();
  }

  async depthOf(participant: string): Promise<QueueDepth | null> {
    if (!this.publisher.connected) return null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), CHECK_TIMEOUT_MS);
      timer.unref();
    });
    try {
      const check = this.publisher
        .withChannel((channel) => channel.checkQueue(participantQueue(participant)))
        .then((queue): QueueDepth => ({ messages: queue.messageCount, consumers: queue.consumerCount }));
      // A missing queue closes the channel with 404: unknown, not an error of the page.
      return await Promise.race([check.catch(() => null), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
