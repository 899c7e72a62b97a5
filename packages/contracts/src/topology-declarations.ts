import { participantBindingPattern, participantQueue, Topology } from './topology.js';

/**
 * The exact arguments every party declares the shared topology with. RabbitMQ refuses a
 * re-declaration with different arguments (PRECONDITION_FAILED), so coordinator, SDK and
 * tests all declare from here.
 */
export interface ExchangeDeclaration {
  readonly name: string;
  readonly type: 'direct' | 'topic' | 'fanout';
  readonly options: { readonly durable: true; readonly autoDelete: false };
}

export interface QueueDeclaration {
  readonly name: string;
  readonly options: {
    readonly durable: true;
    readonly arguments: Readonly<Record<string, unknown>>;
  };
}

export interface BindingDeclaration {
  readonly queue: string;
  readonly exchange: string;
  readonly pattern: string;
}

const durable = { durable: true, autoDelete: false } as const;

/** Quorum queue with a delivery limit: a poison message is dead-lettered, not redelivered forever. */
function quorumQueue(name: string): QueueDeclaration {
  return {
    name,
    options: {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-delivery-limit': Topology.deliveryLimit,
        'x-dead-letter-exchange': Topology.deadLetterExchange,
      },
    },
  };
}

export const Exchanges: readonly ExchangeDeclaration[] = [
  { name: Topology.commandsExchange, type: 'topic', options: durable },
  { name: Topology.repliesExchange, type: 'direct', options: durable },
  { name: Topology.deadLetterExchange, type: 'fanout', options: durable },
];

/** The coordinator's own exchange (parent ↔ child saga messages): declared by the coordinator alone, unknown to participants. */
export const CoordinatorExchange: ExchangeDeclaration = { name: Topology.coordinatorExchange, type: 'direct', options: durable };

/** Lifecycle events (`SagaStatusChanged`): declared by the coordinator; services bind their own queues to it. */
export const EventsExchange: ExchangeDeclaration = { name: Topology.eventsExchange, type: 'topic', options: durable };

/** The dead-letter queue itself is a plain durable quorum queue without a DLX. */
export const DeadLetterQueue: QueueDeclaration = {
  name: Topology.deadLetterQueue,
  options: { durable: true, arguments: { 'x-queue-type': 'quorum' } },
};

/** The coordinator's inbound queue. */
export const RepliesQueue: QueueDeclaration = quorumQueue(Topology.repliesQueue);

export const CoordinatorBindings: readonly BindingDeclaration[] = [
  { queue: Topology.repliesQueue, exchange: Topology.repliesExchange, pattern: Topology.replyRoutingKey },
  { queue: Topology.repliesQueue, exchange: Topology.repliesExchange, pattern: Topology.announceRoutingKey },
  { queue: Topology.repliesQueue, exchange: Topology.coordinatorExchange, pattern: Topology.childFinishedRoutingKey },
  { queue: Topology.repliesQueue, exchange: Topology.coordinatorExchange, pattern: Topology.compensateChildRoutingKey },
  { queue: Topology.deadLetterQueue, exchange: Topology.deadLetterExchange, pattern: '' },
];

/** A participant's command queue and its binding. */
export function participantTopology(participant: string): {
  queue: QueueDeclaration;
  binding: BindingDeclaration;
} {
  const queue = quorumQueue(participantQueue(participant));
  return {
    queue,
    binding: {
      queue: queue.name,
      exchange: Topology.commandsExchange,
      pattern: participantBindingPattern(participant),
    },
  };
}
