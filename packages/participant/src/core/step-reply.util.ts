import type { Options } from 'amqplib';
import {
  MessageHeaders,
  MessageTypes,
  PROTOCOL_VERSION,
  type ReplyFailure,
  replyMessageId,
  type ReplyOutcome,
  ReplyOutcomes,
  type StepCommandMessage,
  type StepReplyMessage,
} from '@saga-coordinator/contracts';
import { FenceOutcomes } from './fence-outcome.js';
import type { FenceOutcome } from './fence-outcome.js';
import type { FenceRecord } from './fence-record.js';

/** A reply before it is addressed to a particular command. */
export interface ReplyDraft {
  readonly outcome: ReplyOutcome;
  readonly output?: unknown;
  readonly failure?: ReplyFailure;
}

/** The reply outcome a fence outcome answers with (a tombstone answers `compensated`). */
export function replyOutcomeOf(outcome: FenceOutcome): ReplyOutcome {
  switch (outcome) {
    case FenceOutcomes.succeeded:
      return ReplyOutcomes.succeeded;
    case FenceOutcomes.failed:
      return ReplyOutcomes.failed;
    case FenceOutcomes.compensated:
    case FenceOutcomes.nothingToUndo:
      return ReplyOutcomes.compensated;
  }
}

/** The draft a stored fence record re-sends. */
export function draftFromRecord(record: FenceRecord): ReplyDraft {
  return { outcome: replyOutcomeOf(record.outcome), ...record.reply };
}

/**
 * Addresses a draft to `command`: ids come from the command being answered now, so a stored
 * reply re-sent for a new attempt carries that attempt's ids. `startedAt` (when handling
 * began) and the command's `sentAt` travel along for the coordinator's schedule-to-start metric.
 */
export function buildStepReply(command: StepCommandMessage, draft: ReplyDraft, now: Date, startedAt: Date = now): StepReplyMessage {
  return {
    messageId: replyMessageId(command.messageId),
    inReplyTo: command.messageId,
    sagaId: command.sagaId,
    step: command.step,
    participant: command.participant,
    kind: command.kind,
    attempt: command.attempt,
    outcome: draft.outcome,
    ...(draft.outcome === ReplyOutcomes.succeeded ? { output: draft.output ?? null } : {}),
    ...(draft.failure !== undefined ? { failure: draft.failure } : {}),
    repliedAt: now.toISOString(),
    startedAt: startedAt.toISOString(),
    commandSentAt: command.sentAt,
  };
}

/** Headers of the command that travel on with the reply (trace context). */
const passThroughHeaders = [MessageHeaders.traceparent, MessageHeaders.tracestate] as const;

/** AMQP properties of a reply: persistent JSON, ids and saga headers per the contracts. */
export function replyPublishOptions(
  reply: StepReplyMessage,
  commandHeaders: Readonly<Record<string, unknown>> | undefined,
  appId: string,
): Options.Publish {
  const headers: Record<string, unknown> = {
    [MessageHeaders.sagaId]: reply.sagaId,
    [MessageHeaders.step]: reply.step,
    [MessageHeaders.attempt]: reply.attempt,
    [MessageHeaders.participant]: reply.participant,
    [MessageHeaders.protocolVersion]: PROTOCOL_VERSION,
  };
  for (const name of passThroughHeaders) {
    const value = commandHeaders?.[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return {
    persistent: true,
    mandatory: true,
    contentType: 'application/json',
    messageId: reply.messageId,
    correlationId: reply.inReplyTo,
    type: MessageTypes.stepReplied,
    appId,
    timestamp: Math.floor(Date.parse(reply.repliedAt) / 1000),
    headers,
  };
}
