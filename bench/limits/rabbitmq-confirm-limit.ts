import amqp from 'amqplib';
import { summarize, type LimitResult } from './postgres-commit-limit.js';

/**
 * Raw RabbitMQ: persistent messages published on a confirm channel into a quorum queue (as our
 * commands are) and consumed with manual acks, `inFlight` outstanding at once, for
 * `durationMs`. Latency is publish → delivery to the consumer.
 */
export async function measureRabbitmqRoundTrips(rabbitmqUrl: string, inFlight: number, durationMs: number): Promise<LimitResult> {
  const publisher = await amqp.connect(rabbitmqUrl, { noDelay: true });
  const consumer = await amqp.connect(rabbitmqUrl, { noDelay: true });
  try {
    const confirm = await publisher.createConfirmChannel();
    const queue = 'bench.limit';
    await confirm.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    const channel = await consumer.createChannel();
    await channel.prefetch(inFlight);
    const latencies: number[] = [];
    const started = performance.now();
    const deadline = started + durationMs;
    let resolveDone: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    let outstanding = 0;
    const publishOne = () => {
      outstanding++;
      confirm.publish('', queue, Buffer.from(JSON.stringify({ t: performance.now(), pad: 'x'.repeat(300) })), {
        persistent: true,
        mandatory: true,
        contentType: 'application/json',
      });
    };
    await channel.consume(queue, (message) => {
      if (!message) return;
      latencies.push(performance.now() - (JSON.parse(message.content.toString()) as { t: number }).t);
      channel.ack(message);
      outstanding--;
      if (performance.now() < deadline) publishOne();
      else if (outstanding === 0) resolveDone();
    });
    for (let i = 0; i < inFlight; i++) publishOne();
    await done;
    const elapsedMs = performance.now() - started;
    await confirm.waitForConfirms();
    await confirm.deleteQueue(queue);
    return summarize(latencies, elapsedMs);
  } finally {
    await Promise.allSettled([publisher.close(), consumer.close()]);
  }
}
