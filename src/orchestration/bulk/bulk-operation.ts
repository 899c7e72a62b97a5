import type { SagaFilterFields } from '../sagas/saga.service.js';

/** What a bulk operation does to every saga it matched: the single operator actions. */
export const BulkActions = ['cancel', 'retry', 'resolve'] as const;
export type BulkAction = (typeof BulkActions)[number];

/** RUNNING until no item is pending; CANCELLED when an operator stopped it. */
export const BulkOperationStatuses = ['RUNNING', 'COMPLETED', 'CANCELLED'] as const;
export type BulkOperationStatus = (typeof BulkOperationStatuses)[number];

/** pending: not acted on yet; done: acted on (audited); skipped: the saga refused the action; cancelled: the operation was cancelled first. */
export const BulkItemOutcomes = ['pending', 'done', 'skipped', 'cancelled'] as const;
export type BulkItemOutcome = (typeof BulkItemOutcomes)[number];

/** The filter of a bulk operation: the saga list's filter fields (the same meaning, the same SQL). */
export type BulkFilter = SagaFilterFields;

/** Items per outcome. */
export type BulkTotals = Readonly<Record<BulkItemOutcome, number>>;

/** A stored bulk operation with its progress. Timestamps are ISO 8601. */
export interface BulkOperationView {
  readonly id: string;
  readonly action: BulkAction;
  readonly filter: BulkFilter;
  readonly step: string | null;
  readonly reason: string | null;
  readonly status: BulkOperationStatus;
  /** Sagas the filter matched when the operation was created (its snapshot). */
  readonly matched: number;
  readonly totals: BulkTotals;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

/** One saga of a bulk operation and what happened to it. */
export interface BulkItemView {
  readonly sagaId: string;
  readonly outcome: BulkItemOutcome;
  /** skipped: why the saga refused the action. */
  readonly detail: string | null;
  readonly doneAt: string | null;
}

/** A claimed pending item, with what the worker needs to act on its saga and audit it. */
export interface ClaimedBulkItem {
  readonly operationId: string;
  readonly sagaId: string;
  readonly action: BulkAction;
  readonly step: string | null;
  readonly reason: string | null;
  readonly createdBy: string | null;
  readonly requestId: string;
}
