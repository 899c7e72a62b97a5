import type { MessageType } from '@saga-coordinator/contracts';

/** A message committed to the outbox in the same transaction as the state change that caused it. */
export interface OutboxMessage {
  /** Deterministic AMQP message id (contracts/message-ids.ts); identifies the outbox row. */
  readonly messageId: string;
  readonly exchange: string;
  readonly routingKey: string;
  readonly type: MessageType;
  /** Saga id: AMQP correlationId. */
  readonly correlationId: string;
  readonly headers: Readonly<Record<string, string | number>>;
  /** JSON body. */
  readonly payload: unknown;
}
