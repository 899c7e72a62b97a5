import type { StepReplyMessage } from '@saga-coordinator/contracts';
import type { Decision } from '../../saga-engine/decision.js';
import type { SagaState } from '../../saga-engine/state/saga-state.js';

/** One decision after its transaction committed, as the metrics see it. */
export interface CommittedDecision {
  /** Definition name (a bounded label; never the saga id). */
  readonly definition: string;
  /** The state before the trigger; undefined for a saga that was just started. */
  readonly previous: SagaState | undefined;
  readonly decision: Decision;
}

/** What became of an inbound reply: applied, a duplicate (or stale), or rejected (dead-lettered). */
export type ReplyResult = 'applied' | 'duplicate' | 'rejected';

/** One reply after the consumer's transaction committed (or the reply was turned away). */
export interface ProcessedReply {
  /** Undefined when the saga is unknown. */
  readonly definition: string | undefined;
  readonly reply: StepReplyMessage;
  readonly result: ReplyResult;
  /** When processing finished; the lag is measured from `reply.repliedAt` to this. */
  readonly processedAt: Date;
}

/** Why a message went to the dead-letter exchange, as a bounded metric label. */
export const DeadLetterCauses = {
  /** Not JSON, missing ids, unknown type, schema violation, oversized. */
  malformed: 'malformed',
  /** Well-formed but never processable: unknown saga, wrong participant for the step. */
  rejected: 'rejected',
} as const;
export type DeadLetterCause = (typeof DeadLetterCauses)[keyof typeof DeadLetterCauses];

/**
 * Why an inbound message was refused for who sent it (the broker-verified AMQP `user-id` and
 * the exchange it came through), as a bounded metric label. Each is also dead-lettered as `rejected`.
 */
export const InboundRefusals = {
  /** No `user-id` property: the broker verified nothing, so the sender is unknown. */
  unverifiedSender: 'unverified-sender',
  /** A reply for a participant whose broker user is not the sender. */
  notParticipantUser: 'not-participant-user',
  /** A reply for a step that the participant it names does not own. */
  stepNotOwned: 'step-not-owned',
  /** An announcement of a participant name bound to another broker user. */
  participantClaimed: 'participant-claimed',
  /** A message only the coordinator may send, not through its exchange or not from its user. */
  notCoordinator: 'not-coordinator',
  /** A child saga's result naming a saga that is not the node's child. */
  notTheChild: 'not-the-child',
} as const;
export type InboundRefusal = (typeof InboundRefusals)[keyof typeof InboundRefusals];

/** The tables housekeeping deletes from: a bounded metric label. */
export const HousekeptTables = [
  'saga',
  'saga_event',
  'saga_timer',
  'inbox_message',
  'outbox_message',
  'webhook_delivery',
  'webhook_attempt',
] as const;
export type HousekeptTable = (typeof HousekeptTables)[number];

/** One housekeeping transaction after it committed: rows deleted per table and how long it took. */
export interface HousekeepingBatch {
  readonly deleted: Readonly<Partial<Record<HousekeptTable, number>>>;
  readonly durationMs: number;
}

/**
 * The instrumentation the coordinator reports to, so the runtime, orchestration and messaging
 * stay free of any metrics library. `ObservabilityModule` binds `NoopSagaMetrics` unless asked
 * for Prometheus (`PrometheusSagaMetrics`). Every method is called after the fact (after
 * commit) and must never throw.
 */
export abstract class SagaMetrics {
  abstract decisionCommitted(event: CommittedDecision): void;
  abstract replyProcessed(event: ProcessedReply): void;
  abstract messageDeadLettered(cause: DeadLetterCause): void;
  abstract inboundRefused(reason: InboundRefusal): void;
  abstract housekeepingBatch(batch: HousekeepingBatch): void;
}

/** The default: records nothing (tests, tools, a coordinator started without `/metrics`). */
export class NoopSagaMetrics extends SagaMetrics {
  decisionCommitted(): void {}
  replyProcessed(): void {}
  messageDeadLettered(): void {}
  inboundRefused(): void {}
  housekeepingBatch(): void {}
}
