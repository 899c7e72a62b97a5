/**
 * AMQP headers carried by every saga message. The JSON body repeats the ids, so a participant
 * may read either; headers exist so brokers, dead-letter tooling and tracing can see them
 * without parsing the body.
 */
export const MessageHeaders = {
  sagaId: 'x-saga-id',
  step: 'x-saga-step',
  attempt: 'x-saga-attempt',
  participant: 'x-saga-participant',
  /**
   * The wire protocol version (`PROTOCOL_VERSION`) the sender speaks. The coordinator sets it on
   * commands; a participant sets it on replies and announcements. Absent means 1.
   */
  protocolVersion: 'x-saga-protocol-version',
  /** Why a message was dead-lettered (set by whoever rejected it). */
  deadLetterReason: 'x-dead-letter-reason',
  /** W3C trace context. */
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

/** AMQP `type` property values: what a message is. Commands imperative, replies past tense. */
export const MessageTypes = {
  /** Coordinator → participant: run a step. */
  executeStep: 'saga.ExecuteStep',
  /** Coordinator → participant: undo a step. */
  compensateStep: 'saga.CompensateStep',
  /** Participant → coordinator: the outcome of a command. */
  stepReplied: 'saga.StepReplied',
  /** Participant → coordinator: the participant is up and handles these commands. */
  participantAnnounced: 'saga.ParticipantAnnounced',
  /** Coordinator → coordinator: a child saga finished (to its parent). */
  childSagaFinished: 'saga.ChildSagaFinished',
  /** Coordinator → coordinator: undo a child saga (from its parent). */
  compensateChildSaga: 'saga.CompensateChildSaga',
  /** Coordinator → anyone: a saga's status changed (lifecycle event on `saga.events`). */
  sagaStatusChanged: 'saga.StatusChanged',
} as const;
export type MessageType = (typeof MessageTypes)[keyof typeof MessageTypes];
