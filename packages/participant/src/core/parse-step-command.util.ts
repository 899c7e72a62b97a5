import { type CommandKind, StepCommandMessage } from '@saga-coordinator/contracts';
import { DeadLetterReasons } from './dead-letter-reason.js';
import type { DeliveryRejection } from './dead-letter-reason.js';

/** What the SDK knows about the participant when it checks a delivery. */
export interface CommandExpectations {
  readonly participant: string;
  readonly maxMessageBytes: number;
  /** Whether a handler is registered for this command name and kind. */
  isRegistered(kind: CommandKind, command: string): boolean;
}

/** The result of checking one delivery: a command to run, or the reason to dead-letter it. */
export type ParsedDelivery =
  { readonly ok: true; readonly command: StepCommandMessage } | { readonly ok: false; readonly rejection: DeliveryRejection };

const requiredIds = ['messageId', 'sagaId', 'step'] as const;

/**
 * Checks a raw delivery body against the wire protocol, in order: size, JSON, ids, schema,
 * AMQP message id, addressee, registered handler. Pure: no I/O, never throws.
 */
export function parseStepCommand(content: Buffer, amqpMessageId: string | undefined, expectations: CommandExpectations): ParsedDelivery {
  if (content.length > expectations.maxMessageBytes) {
    return reject(DeadLetterReasons.oversized, `${content.length} bytes > ${expectations.maxMessageBytes}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(content));
  } catch (error) {
    return reject(DeadLetterReasons.notJson, error instanceof Error ? error.message : String(error));
  }
  const missing = missingIds(body);
  if (missing.length > 0) return reject(DeadLetterReasons.missingIds, `missing ${missing.join(', ')}`);

  const parsed = StepCommandMessage.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return reject(DeadLetterReasons.invalidSchema, issues.join('; '));
  }
  const command = parsed.data;
  if (amqpMessageId !== undefined && amqpMessageId !== command.messageId) {
    return reject(DeadLetterReasons.messageIdMismatch, `property ${amqpMessageId} != body ${command.messageId}`);
  }
  if (command.participant !== expectations.participant) {
    return reject(DeadLetterReasons.wrongParticipant, `addressed to ${command.participant}, this is ${expectations.participant}`);
  }
  if (!expectations.isRegistered(command.kind, command.command)) {
    return reject(DeadLetterReasons.unknownCommand, `no ${command.kind} handler for ${command.command}`);
  }
  return { ok: true, command };
}

/** The ids a reply needs that the body lacks (non-string or empty counts as missing). */
function missingIds(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [...requiredIds];
  const record = body as Record<string, unknown>;
  return requiredIds.filter((key) => typeof record[key] !== 'string' || record[key] === '');
}

function reject(reason: DeliveryRejection['reason'], detail: string): ParsedDelivery {
  return { ok: false, rejection: { reason, detail } };
}
