/**
 * The saga-coordinator wire protocol: the messages coordinator and participants exchange over
 * RabbitMQ (zod schemas and their TypeScript types), the AMQP headers and `type` values, the
 * deterministic message ids and the exchange/queue topology every party declares.
 *
 * @packageDocumentation
 */
export {
  amqpAddressOf,
  BrokerAddressRotation,
  brokerUrlsOf,
  MAX_BROKER_URLS,
  redactedBrokerUrl,
  type AmqpAddress,
  type BrokerBackoff,
} from './broker-addresses.js';
export { brokerUserOf, DefaultBrokerUser } from './broker-user.js';
export { coalesceFrameWrites } from './coalesce-frame-writes.js';
export { ChildSagaFinishedMessage, CompensateChildSagaMessage } from './child-saga.message.js';
export { MessageHeaders, MessageTypes, type MessageType } from './message-headers.js';
export { COMMAND_ENVELOPE_ALLOWANCE_BYTES, MAX_COMMAND_PAYLOAD_BYTES, MAX_MESSAGE_BYTES } from './message-limits.js';
export { commandMessageId, replyMessageId } from './message-ids.js';
export { ParticipantAnnouncementMessage } from './participant-announcement.message.js';
export { PROTOCOL_VERSION } from './protocol-version.js';
export { CommandKinds, StepCommandMessage, type CommandKind } from './step-command.message.js';
export { SagaEventStatus, SagaLifecycleEvent, SagaLifecycleEvents, SagaStatusChanged, sagaEventRoutingKey } from './saga-status-changed.message.js';
export { ReplyFailure, ReplyOutcomes, StepReplyMessage, type ReplyOutcome } from './step-reply.message.js';
export {
  CoordinatorBindings,
  CoordinatorExchange,
  DeadLetterQueue,
  EventsExchange,
  Exchanges,
  participantTopology,
  RepliesQueue,
  type BindingDeclaration,
  type ExchangeDeclaration,
  type QueueDeclaration,
} from './topology-declarations.js';
export { commandRoutingKey, participantBindingPattern, participantQueue, Topology } from './topology.js';
