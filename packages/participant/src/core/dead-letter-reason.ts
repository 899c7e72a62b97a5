/** Why the SDK refused a delivery and dead-lettered it instead of handling it. */
export const DeadLetterReasons = {
  /** The body is larger than the participant's `maxMessageBytes`. */
  oversized: 'oversized',
  /** The body is not valid UTF-8 JSON. */
  notJson: 'not-json',
  /** The body is JSON but lacks the ids (`messageId`, `sagaId`, `step`) needed to answer it. */
  missingIds: 'missing-ids',
  /** The body does not satisfy the `StepCommand` schema. */
  invalidSchema: 'invalid-schema',
  /** The AMQP `messageId` property disagrees with the body's `messageId`. */
  messageIdMismatch: 'message-id-mismatch',
  /** The command is addressed to another participant. */
  wrongParticipant: 'wrong-participant',
  /** No handler is registered for this command and kind. */
  unknownCommand: 'unknown-command',
} as const;
export type DeadLetterReason = (typeof DeadLetterReasons)[keyof typeof DeadLetterReasons];

/** A refused delivery: the reason code plus a human-readable detail. */
export interface DeliveryRejection {
  readonly reason: DeadLetterReason;
  readonly detail: string;
}

/** Longest `x-dead-letter-reason` header value: AMQP header tables are small, keep it readable. */
export const MaxReasonLength = 1000;

/**
 * The `x-dead-letter-reason` header value: `<code>: <detail>` (code alone when there is no
 * detail), on one line and bounded, so dead-letter tooling can group by the code prefix.
 */
export function formatDeadLetterReason(rejection: DeliveryRejection): string {
  const detail = rejection.detail.replace(/\s+/g, ' ').trim();
  const text = detail.length === 0 ? rejection.reason : `${rejection.reason}: ${detail}`;
  return text.length <= MaxReasonLength ? text : `${text.slice(0, MaxReasonLength - 1)}…`;
}
