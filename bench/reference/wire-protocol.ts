/**
 * The documented wire protocol (docs/asyncapi.yaml), written out again for the hand-written
 * references so they depend on the protocol, not on this repository's code: a participant in
 * another language would copy exactly these names. Declaring a queue with other arguments than
 * the coordinator's fails with PRECONDITION_FAILED, so a drift shows at once in a bench run.
 */
export const Wire = {
  commandsExchange: 'saga.commands',
  repliesExchange: 'saga.replies',
  repliesQueue: 'saga.replies',
  replyRoutingKey: 'reply',
  announceRoutingKey: 'announce',
  deadLetterExchange: 'saga.dead-letter',
  deadLetterQueue: 'saga.dead-letter',
  /** Our coordinator binds its queue to this exchange too; the references only declare it. */
  coordinatorExchange: 'saga.coordinator',
  deliveryLimit: 5,
} as const;

/** AMQP `type` of the messages the references send and read. */
export const WireTypes = {
  executeStep: 'saga.ExecuteStep',
  compensateStep: 'saga.CompensateStep',
  stepReplied: 'saga.StepReplied',
  participantAnnounced: 'saga.ParticipantAnnounced',
} as const;

/** Quorum queue arguments every command and reply queue is declared with. */
export const QuorumQueueArguments = {
  'x-queue-type': 'quorum',
  'x-delivery-limit': Wire.deliveryLimit,
  'x-dead-letter-exchange': Wire.deadLetterExchange,
} as const;

/** Exchanges as the protocol declares them (durable, not auto-delete). */
export const WireExchanges = [
  { name: Wire.commandsExchange, type: 'topic' },
  { name: Wire.repliesExchange, type: 'direct' },
  { name: Wire.deadLetterExchange, type: 'fanout' },
] as const;

/** A step command's body (`StepCommand` in docs/asyncapi.yaml). */
export interface WireCommand {
  readonly messageId: string;
  readonly sagaId: string;
  readonly step: string;
  readonly participant: string;
  readonly command: string;
  readonly kind: 'execute' | 'compensate';
  readonly attempt: number;
  readonly payload: unknown;
  readonly deadline?: string;
  readonly sentAt: string;
}

/** A reply's body (`StepReply` in docs/asyncapi.yaml). */
export interface WireReply {
  readonly messageId: string;
  readonly inReplyTo: string;
  readonly sagaId: string;
  readonly step: string;
  readonly participant: string;
  readonly kind: 'execute' | 'compensate';
  readonly attempt: number;
  readonly outcome: 'succeeded' | 'failed' | 'error' | 'compensated';
  readonly output?: unknown;
  readonly failure?: { readonly code: string; readonly message: string };
  readonly repliedAt: string;
  readonly startedAt?: string;
  readonly commandSentAt?: string;
}

/** The queue a participant consumes its commands from. */
export function participantQueue(participant: string): string {
  return `saga.participant.${participant}`;
}

/** The four saga headers every command and reply carries (the body stays authoritative). */
export function sagaHeaders(message: Pick<WireCommand, 'sagaId' | 'step' | 'attempt' | 'participant'>): Record<string, unknown> {
  return {
    'x-saga-id': message.sagaId,
    'x-saga-step': message.step,
    'x-saga-attempt': message.attempt,
    'x-saga-participant': message.participant,
  };
}
