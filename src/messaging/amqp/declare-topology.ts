import type { Channel } from 'amqplib';
import { CoordinatorBindings, CoordinatorExchange, DeadLetterQueue, EventsExchange, Exchanges, RepliesQueue } from '@saga-coordinator/contracts';

/** Declares the exchanges and the coordinator's queues (idempotent; same arguments as every party). */
export async function declareCoordinatorTopology(channel: Channel): Promise<void> {
  for (const exchange of [...Exchanges, CoordinatorExchange, EventsExchange]) {
    await channel.assertExchange(exchange.name, exchange.type, exchange.options);
  }
  for (const queue of [DeadLetterQueue, RepliesQueue]) {
    await channel.assertQueue(queue.name, queue.options);
  }
  for (const binding of CoordinatorBindings) {
    await channel.bindQueue(binding.queue, binding.exchange, binding.pattern);
  }
}
