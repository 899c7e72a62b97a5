import type { z } from 'zod';
import {
  ChildSagaFinishedMessage,
  CompensateChildSagaMessage,
  MAX_MESSAGE_BYTES,
  MessageTypes,
  ParticipantAnnouncementMessage,
  StepReplyMessage,
  Topology,
} from '@saga-coordinator/contracts';
import { findJsonViolation } from '../../json-guard/json-value-guard.util.js';
import { DefaultJsonValueLimits } from '../../json-guard/json-value-limits.js';
import { findRawJsonViolation } from '../../json-guard/raw-json-guard.util.js';
import type { CoordinatorMessage } from '../../runtime/inbound/inbound-message-handler.port.js';

/** Inbound bodies larger than this are dead-lettered unread: the limit every party holds a message body to. */
export const MaxInboundMessageBytes = MAX_MESSAGE_BYTES;

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
 * whatever the bytes are. The JSON guards of HTTP bodies run first (size, UTF-8, depth, then
 * NUL, lone surrogates, prototype keys, array length, numbers beyond IEEE range), so a message
 * the store could not keep, or could keep only altered, is dead-lettered at once, never retried.
 */
export function parseInboundMessage(envelope: InboundEnvelope): ParsedInboundMessage {
  if (envelope.content.length > MaxInboundMessageBytes) {
    return malformed(`message of ${envelope.content.length} bytes exceeds the ${MaxInboundMessageBytes}-byte limit`);
  }
  const rawViolation = findRawJsonViolation(envelope.content, DefaultJsonValueLimits.maxDepth);
  if (rawViolation) return malformed(`${rawViolation.problemType}: ${rawViolation.message}`);
  let body: unknown;
  try {
    body = JSON.parse(envelope.content.toString('utf8'));
  } catch {
    return malformed('body is not valid JSON');
  }
  const violation = findJsonViolation(body, DefaultJsonValueLimits);
  if (violation) return malformed(`${violation.problemType} at ${violation.pointer === '' ? '(root)' : violation.pointer}: ${violation.message}`);
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
