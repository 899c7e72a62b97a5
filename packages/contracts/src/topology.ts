/**
 * Names of the RabbitMQ exchanges, queues and routing keys that make up the wire protocol.
 * Participants in any language use exactly these names (see docs/asyncapi.yaml).
 */
export const Topology = {
  /** Topic exchange the coordinator publishes step commands to. */
  commandsExchange: 'saga.commands',
  /** Direct exchange participants publish replies and announcements to. */
  repliesExchange: 'saga.replies',
  /** The coordinator's single inbound queue (quorum): replies and announcements. */
  repliesQueue: 'saga.replies',
  /** Routing key of step replies on the replies exchange. */
  replyRoutingKey: 'reply',
  /** Routing key of participant announcements on the replies exchange. */
  announceRoutingKey: 'announce',
  /**
   * Direct exchange only the coordinator publishes to: parent ↔ child saga messages, routed to
   * its own inbound queue. Participants have no write permission on it, so they cannot forge them.
   */
  coordinatorExchange: 'saga.coordinator',
  /** Routing key of `ChildSagaFinished` on the coordinator exchange. */
  childFinishedRoutingKey: 'child.finished',
  /** Routing key of `CompensateChildSaga` on the coordinator exchange. */
  compensateChildRoutingKey: 'child.compensate',
  /**
   * Topic exchange of saga lifecycle events (`SagaStatusChanged`), routing key
   * `<definition>.<event>`. Only the coordinator publishes to it; any service may bind a queue.
   */
  eventsExchange: 'saga.events',
  /** Fanout exchange every queue dead-letters into. */
  deadLetterExchange: 'saga.dead-letter',
  /** Where rejected and poison messages end up, with the reason in headers. */
  deadLetterQueue: 'saga.dead-letter',
  /** Redeliveries a quorum queue allows before it dead-letters a message. */
  deliveryLimit: 5,
} as const;

/** The durable queue a participant consumes its commands from. */
export function participantQueue(participant: string): string {
  return `saga.participant.${participant}`;
}

/** Routing key of a command on the commands exchange: `<participant>.<command>`. */
export function commandRoutingKey(participant: string, command: string): string {
  return `${participant}.${command}`;
}

/** Binding pattern that routes every command of one participant to its queue. */
export function participantBindingPattern(participant: string): string {
  return `${participant}.*`;
}
