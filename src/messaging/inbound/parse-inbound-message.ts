import type { z } from 'zod';
import {
  ChildSagaFinishedMessage,
  CompensateChildSagaMessage,
  MessageTypes,
  ParticipantAnnouncementMessage,
  StepReplyMessage,
  Topology,
} from '@saga-coordinator/contracts';
import type { CoordinatorMessage } from '../../runtime/inbound/inbound-message-handler.port.js';

/** Inbound bodies larger than this are dead-lettered unread. */
export const MaxInboundMessageBytes = 1024 * 1024;

/** A delivery on the replies queue, reduced to what parsing needs. */
export interface InboundEnvelope {
  content: Buffer;
  routingKey: string;
  type?: string;
  messageId?: string;
}

export type ParsedInboundMessage =
  | { kind: 'reply'; reply: StepReplyMessage }
  | { kind: 'announcement'; announcement: ParticipantAnnouncementMessage }
  | { kind: 'coordinator'; message: CoordinatorMessage }
  | { kind: 'malformed'; reason: string };

/**
 * Turns raw bytes into a typed message, or a precise reason why not. Pure: never throws,
 * whatever the bytes are.
 */
export function parseInboundMessage(envelope: InboundEnvelope): ParsedInboundMessage {
  if (envelope.content.length > MaxInboundMessageBytes) {
    return malformed(`message of ${envelope.content.length} bytes exceeds the ${MaxInboundMessageBytes}-byte limit`);
  }
  let body: unknown;
  try {
    body = JSON.parse(envelope.content.toString('utf8'));
  } catch {
    return malformed('body is not valid JSON');
  }
  const type = envelope.type ?? typeFromRoutingKey(envelope.routingKey);
  if (type === MessageTypes.stepReplied) {
    const result = StepReplyMessage.safeParse(body);
    if (!result.success) return malformed(`invalid ${type}: ${describeIssues(result.error)}`);
    if (envelope.messageId !== undefined && envelope.messageId !== result.data.messageId) {
      return malformed(`AMQP messageId "${envelope.messageId}" differs from body messageId "${result.data.messageId}"`);
    }
    return { kind: 'reply', reply: result.data };
  }
  if (type === MessageTypes.participantAnnounced) {
    const result = ParticipantAnnouncementMessage.safeParse(body);
    if (!result.success) return malformed(`invalid ${type}: ${describeIssues(result.error)}`);
    return { kind: 'announcement', announcement: result.data };
  }
  if (type === MessageTypes.childSagaFinished || type === MessageTypes.compensateChildSaga) {
    const schema = type === MessageTypes.childSagaFinished ? ChildSagaFinishedMessage : CompensateChildSagaMessage;
    const result = schema.safeParse(body);
    if (!result.success) return malformed(`invalid ${type}: ${describeIssues(result.error)}`);
    if (envelope.messageId !== undefined && envelope.messageId !== result.data.messageId) {
      return malformed(`AMQP messageId "${envelope.messageId}" differs from body messageId "${result.data.messageId}"`);
    }
    const message: CoordinatorMessage =
      type === MessageTypes.childSagaFinished
        ? { type: 'child-finished', message: result.data as ChildSagaFinishedMessage }
        : { type: 'compensate-child', message: result.data as CompensateChildSagaMessage };
    return { kind: 'coordinator', message };
  }
  return malformed(`unknown message type "${type ?? '(none)'}"`);
}

function typeFromRoutingKey(routingKey: string): string | undefined {
  if (routingKey === Topology.replyRoutingKey) return MessageTypes.stepReplied;
  if (routingKey === Topology.announceRoutingKey) return MessageTypes.participantAnnounced;
  if (routingKey === Topology.childFinishedRoutingKey) return MessageTypes.childSagaFinished;
  if (routingKey === Topology.compensateChildRoutingKey) return MessageTypes.compensateChildSaga;
  return undefined;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? '/' + issue.path.join('/') : '(root)'}: ${issue.message}`)
    .join('; ');
}

function malformed(reason: string): ParsedInboundMessage {
  return { kind: 'malformed', reason };
}
