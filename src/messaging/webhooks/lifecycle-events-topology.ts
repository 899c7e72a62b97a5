import { EventsExchange, Topology, type BindingDeclaration, type QueueDeclaration } from '@saga-coordinator/contracts';

/**
 * The coordinator's own queue of every lifecycle event on `saga.events`, which webhooks fan out
 * from (quorum, with the delivery limit and dead-lettering of every queue).
 */
export const WebhooksQueue: QueueDeclaration = {
  name: 'saga.webhooks',
  options: {
    durable: true,
    arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': Topology.deliveryLimit, 'x-dead-letter-exchange': Topology.deadLetterExchange },
  },
};

/** Every event of every definition. */
export const WebhooksBinding: BindingDeclaration = { queue: WebhooksQueue.name, exchange: EventsExchange.name, pattern: '#' };
