import type { Channel } from 'amqplib';
import {
  type BindingDeclaration,
  CoordinatorBindings,
  DeadLetterQueue,
  Exchanges,
  participantTopology,
  type QueueDeclaration,
  Topology,
} from '@saga-coordinator/contracts';

/**
 * Declares what a participant relies on, with exactly the shared arguments: the three
 * exchanges, the dead-letter queue and its binding (so refused messages are kept even before
 * the coordinator ever ran), and the participant's own command queue and binding.
 * With `declareShared` false (least-privilege broker users) the shared exchanges are only
 * checked passively and only the participant's own queue is declared.
 * Idempotent; runs on every (re)connect.
 */
export async function declareParticipantTopology(channel: Channel, participant: string, declareShared = true): Promise<string> {
  if (declareShared) {
    for (const exchange of Exchanges) {
      await channel.assertExchange(exchange.name, exchange.type, { ...exchange.options });
    }
    await assertQueue(channel, DeadLetterQueue);
    for (const binding of CoordinatorBindings.filter((b) => b.queue === Topology.deadLetterQueue)) {
      await bind(channel, binding);
    }
  } else {
    for (const exchange of Exchanges) await channel.checkExchange(exchange.name);
  }
  const own = participantTopology(participant);
  await assertQueue(channel, own.queue);
  await bind(channel, own.binding);
  return own.queue.name;
}

async function assertQueue(channel: Channel, queue: QueueDeclaration): Promise<void> {
  await channel.assertQueue(queue.name, { durable: queue.options.durable, arguments: { ...queue.options.arguments } });
}

async function bind(channel: Channel, binding: BindingDeclaration): Promise<void> {
  await channel.bindQueue(binding.queue, binding.exchange, binding.pattern);
}
