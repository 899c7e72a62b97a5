import type { SagaMatch, SagaTransaction } from '../../runtime/ports/saga-store.port.js';
import type { AuditWriter } from '../audit/audit-record.js';
import type {
  BulkAction,
  BulkFilter,
  BulkItemOutcome,
  BulkItemView,
  BulkOperationStatus,
  BulkOperationView,
  ClaimedBulkItem,
} from '../bulk/bulk-operation.js';

/** A bulk operation to create: its row and, in the same transaction, one item per matched saga. */
export interface NewBulkOperation {
  readonly id: string;
  readonly action: BulkAction;
  /** Stored as given (shown back); `match` is what selects the sagas. */
  readonly filter: BulkFilter;
  readonly match: SagaMatch;
  readonly step: string | null;
  readonly reason: string | null;
  readonly createdBy: string | null;
  readonly requestId: string;
}

/** What `create` found: the items were written only when `matched` was within the limit and equal to the expected count. */
export type BulkCreateResult =
  | { readonly kind: 'created'; readonly operation: BulkOperationView }
  | { readonly kind: 'too-many' }
  | { readonly kind: 'count-mismatch'; readonly matched: number };

/** The item writes of a bulk worker inside the runtime's transaction (see `BulkOperationStore.itemsIn`). */
export interface BulkItemClaimer {
  /** Locks the next pending item of a RUNNING operation no other transaction holds (SKIP LOCKED); undefined when none. */
  claimNext(): Promise<ClaimedBulkItem | undefined>;
  /** Marks the claimed item done; commits with the action on its saga. */
  markDone(item: ClaimedBulkItem): Promise<void>;
}

/** Bulk operations and their items (tables `bulk_operation`, `bulk_operation_item`). */
export abstract class BulkOperationStore {
  /** How many sagas `match` matches now (at most `limit + 1`), and the first few ids (oldest first). */
  abstract count(match: SagaMatch, limit: number, sampleSize: number): Promise<{ matched: number; sample: string[] }>;
  /**
   * In one transaction: the operation row and one pending item per saga `match` matches (at most
   * `limit`), then `whenCreated` (its audit row). Writes nothing when more than `limit` match or
   * when `expected` is not the number matched.
   */
  abstract create(
    operation: NewBulkOperation,
    limits: { readonly limit: number; readonly expected: number },
    whenCreated: (writer: AuditWriter, operation: BulkOperationView) => Promise<void>,
  ): Promise<BulkCreateResult>;
  abstract get(id: string): Promise<BulkOperationView | null>;
  /** Newest first; `before`: operations created before this one. */
  abstract list(limit: number, before?: string): Promise<BulkOperationView[]>;
  /** Sagas in id order after `after`, optionally only those with one outcome. */
  abstract items(id: string, limit: number, after?: string, outcome?: BulkItemOutcome): Promise<BulkItemView[]>;
  /**
   * A RUNNING operation becomes CANCELLED and its pending items `cancelled` (waiting for items a
   * worker holds), then `whenCancelled`; the status it had when it was not RUNNING; null when none.
   */
  abstract cancel(
    id: string,
    whenCancelled: (writer: AuditWriter) => Promise<void>,
  ): Promise<{ readonly cancelled: true } | { readonly cancelled: false; readonly status: BulkOperationStatus } | null>;
  /** The item writes of a worker in the runtime's open transaction `tx`. */
  abstract itemsIn(tx: SagaTransaction): BulkItemClaimer;
  /** A still-pending item becomes `skipped` with `detail` (its own small transaction); false when it was not pending any more. */
  abstract skip(item: ClaimedBulkItem, detail: string): Promise<boolean>;
  /** Every RUNNING operation without pending items becomes COMPLETED; true when any RUNNING operation remains. */
  abstract completeDrained(): Promise<boolean>;
}
