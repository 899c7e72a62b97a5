import type { SagaScope } from '../observability/tracing/saga-tracer.port.js';
import type { SagaDefinition } from '../saga-engine/definition/saga-definition.js';
import type { Decision } from '../saga-engine/decision.js';
import type { SagaTrigger } from '../saga-engine/triggers/saga-trigger.js';
import type { SagaTransaction, StoredSaga } from './ports/saga-store.port.js';

/** How `SagaRuntime.apply` treats one trigger beyond deciding it. */
export interface ApplyOptions {
  /**
   * Id of the message that carried the trigger (a reply, a parent ↔ child message, a timer's
   * inbox key): recorded in the inbox with the row lock; a second delivery changes nothing.
   */
  readonly inbound?: string;
  /**
   * Why this trigger must never be applied to this saga (a reply from a participant that does
   * not own the step, a child message for a saga that is not that parent's child): the
   * transaction rolls back and the outcome is `rejected` with the reason.
   */
  readonly refuse?: (saga: StoredSaga, definition: SagaDefinition) => string | undefined;
  /** More writes of the caller in the same transaction, after the decision's (the operator's audit row). */
  readonly alsoWrite?: (tx: SagaTransaction, saga: StoredSaga) => Promise<void>;
  /** The tracing scope of the work after the lock (a timer continues the saga's stored trace). */
  readonly scope?: (saga: StoredSaga) => SagaScope;
}

/** What `apply` did. `saga` is the row as it was locked, before the trigger. */
export type ApplyOutcome =
  /** Decided and committed (the post-commit listeners ran). */
  | { readonly kind: 'applied'; readonly saga: StoredSaga; readonly decision: Decision }
  /** The inbox knew the message: nothing changed. */
  | { readonly kind: 'duplicate'; readonly saga: StoredSaga }
  /** `refuse` gave a reason: nothing changed. */
  | { readonly kind: 'rejected'; readonly saga: StoredSaga; readonly reason: string }
  /** No saga has this id: nothing changed. */
  | { readonly kind: 'not-found' };

/** A trigger found inside the transaction, with the saga it is for. */
export interface ClaimedTrigger {
  readonly sagaId: string;
  readonly trigger: SagaTrigger;
  readonly options?: ApplyOptions;
}

/** Finds (and claims) the next trigger inside the runtime's transaction; undefined when there is none. */
export type TriggerClaim = (tx: SagaTransaction) => Promise<ClaimedTrigger | undefined>;

/** The saga `CreateRequest.prepare` asks the runtime to create. */
export interface SagaToCreate {
  readonly definition: SagaDefinition;
  /** Already validated against the definition's input schema. */
  readonly input: unknown;
  readonly idempotencyKey?: string | null;
  readonly requestHash?: string | null;
  /** `Principal.id` of the caller (the per-key in-flight cap counts it). */
  readonly startedBy?: string | null;
}

/** A start, for `SagaRuntime.create`. */
export interface CreateRequest {
  /**
   * Runs first in the transaction: the saga to create, or `{ existing }` (an earlier request with
   * the same idempotency key created it). Throwing refuses the start and changes nothing.
   */
  prepare(tx: SagaTransaction): Promise<SagaToCreate | { readonly existing: StoredSaga }>;
  /**
   * Sees the saga's first decision before anything of it is written; throwing refuses the start
   * and changes nothing (e.g. a first step whose payload would be too large to send).
   */
  readonly vetFirstDecision?: (decision: Decision) => void;
  /** In the same transaction, after the saga's rows (or for the existing saga): the audit row. */
  alsoWrite?(tx: SagaTransaction, saga: StoredSaga): Promise<void>;
}

/** What `create` did. */
export interface CreateOutcome {
  readonly saga: StoredSaga;
  /** False when an earlier request with the same idempotency key created it. */
  readonly created: boolean;
}
