import { Topology, type BindingDeclaration, type ExchangeDeclaration, type QueueDeclaration } from '@saga-coordinator/contracts';

/** The topic exchange of saga lifecycle events (routing key `<definition>.<event>`; docs/asyncapi.yaml). */
export const LifecycleEventsExchange: ExchangeDeclaration = { name: 'saga.events', type: 'topic', options: { durable: true, autoDelete: false } };

/** The coordinator's own queue of every lifecycle event, which webhooks fan out from (quorum, dead-lettering like every queue). */
export const WebhooksQueue: QueueDeclaration = {
  name: 'saga.webhooks',
  options: {
    durable: true,
    arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': Topology.deliveryLimit, 'x-dead-letter-exchange': Topology.deadLetterExchange },
  },
};

/** Every event of every definition. */
export const WebhooksBinding: BindingDeclaration = { queue: WebhooksQueue.name, exchange: LifecycleEventsExchange.name, pattern: '#' };
