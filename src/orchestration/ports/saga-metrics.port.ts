import type { StepReplyMessage } from '@saga-coordinator/contracts';
import type { Decision } from '../../saga-engine/decision.js';
import type { SagaState } from '../../saga-engine/state/saga-state.js';
import type { InboundMessageResult } from './inbound-message-result.js';

/** One decision after its transaction committed, as the metrics see it. */
export interface CommittedDecision {
  /** Definition name (a bounded label; never the saga id). */
  readonly definition: string;
  /** The state before the trigger; undefined for a saga that was just started. */
  readonly previous: SagaState | undefined;
  readonly decision: Decision;
}

/** One reply after the consumer's transaction committed (or the reply was turned away). */
export interface ProcessedReply {
  /** Undefined when the saga is unknown. */
  readonly definition: string | undefined;
  readonly reply: StepReplyMessage;
  readonly result: InboundMessageResult['kind'];
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
 * The instrumentation the coordinator reports to, so orchestration and messaging stay free of
 * any metrics library (src/metrics implements it with prom-client). Every method is called
 * after the fact (after commit) and must never throw.
 */
export abstract class SagaMetrics {
  abstract decisionCommitted(event: CommittedDecision): void;
  abstract replyProcessed(event: ProcessedReply): void;
  abstract messageDeadLettered(cause: DeadLetterCause): void;
}

/** Used when no metrics adapter is registered (tests, tools). */
export const NoSagaMetrics: SagaMetrics = {
  decisionCommitted: () => undefined,
  replyProcessed: () => undefined,
  messageDeadLettered: () => undefined,
};
