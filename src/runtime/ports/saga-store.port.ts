import type { LogEntry, TimerToArm } from '../../saga-engine/decision.js';
import type { SagaState } from '../../saga-engine/state/saga-state.js';
import type { SagaStatus } from '../../saga-engine/state/saga-status.js';
import type { OutboxMessage } from './outbox-message.js';

/** A saga row as the application layer sees it. Timestamps are ISO 8601. */
export interface StoredSaga {
  readonly id: string;
  readonly definitionName: string;
  readonly definitionVersion: number;
  readonly status: SagaStatus;
  readonly state: SagaState;
  readonly lastSeq: number;
  readonly requestHash: string | null;
  /** W3C trace context of the saga's trace (from its start), for work no message carries it to. */
  readonly traceContext?: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A row of the saga list; `cursorKey` is the exact (microsecond) keyset position. */
export interface StoredSagaSummary {
  readonly id: string;
  readonly definitionName: string;
  readonly definitionVersion: number;
  readonly status: SagaStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly cursorKey: SagaListPosition;
}

/** Keyset position in the newest-first saga list. */
export interface SagaListPosition {
  /** `created_at` with microseconds, as PostgreSQL prints it in UTC. */
  readonly createdAt: string;
  readonly id: string;
}

/** Which sagas a filter matches: the saga list's filter, and the bulk operations' (one meaning for both). */
export interface SagaMatch {
  readonly status?: SagaStatus;
  readonly definition?: string;
  /** With `definition`: only sagas pinned to this version. */
  readonly version?: number;
  /** Created at or after this instant (ISO 8601). */
  readonly createdFrom?: string;
  /** Created strictly before this instant (ISO 8601). */
  readonly createdTo?: string;
  /** Only the saga with this id. */
  readonly id?: string;
  /** Only sagas whose input has this top-level field with this string value (`orderId` = `1001`). */
  readonly inputMatch?: { readonly field: string; readonly value: string };
  /** Only sagas an operator should look at (see `needsAttention` in the saga monitor port). */
  readonly needsAttention?: { readonly runningLongerThanMs: number };
}

export interface SagaListFilter extends SagaMatch {
  readonly limit: number;
  /** Rows strictly older than this position. */
  readonly after?: SagaListPosition;
}

/** One step-log row. */
export interface StoredSagaEvent {
  readonly seq: number;
  readonly type: string;
  readonly step: string | null;
  readonly attempt: number | null;
  readonly data: Record<string, unknown> | null;
  readonly at: string;
}

/** An outbox row to write (identified by its message id). */
export type NewOutboxMessage = OutboxMessage;

/** Everything one decision writes besides the saga's identity. */
export interface SagaWrite {
  readonly state: SagaState;
  /** Appended with consecutive seq after the saga's `lastSeq`, stamped with the database clock. */
  readonly log: readonly LogEntry[];
  readonly outbox: readonly NewOutboxMessage[];
  /** Due at database `now()` + `dueInMs`; arming an existing timer is a no-op. */
  readonly armTimers: readonly TimerToArm[];
  readonly cancelTimers: readonly Omit<TimerToArm, 'dueInMs'>[];
  /** Message id of the command a reply answers: its outbox row is marked sent in the same transaction. */
  readonly answers?: string;
}

/** A saga row locked for an inbound message, and whether the message id was new to the inbox. */
export interface InboundLock {
  readonly saga: StoredSaga;
  /** False when the inbox held the message id already (a duplicate). */
  readonly fresh: boolean;
}

/** A new saga row. */
export interface NewSaga {
  readonly id: string;
  readonly definitionName: string;
  readonly definitionVersion: number;
  readonly input: unknown;
  readonly idempotencyKey: string | null;
  readonly requestHash: string | null;
  /** `Principal.id` of the caller that started it (for the per-key in-flight cap); null when unknown. */
  readonly startedBy?: string | null;
  /** W3C trace context the saga's later work continues (empty or absent when not traced). */
  readonly traceContext?: Readonly<Record<string, string>>;
}

/** A timer that came due. `step`/`attempt` are absent for saga-wide timers. */
export interface DueTimer {
  readonly sagaId: string;
  readonly kind: TimerToArm['kind'];
  readonly step?: string;
  readonly attempt?: number;
}

/**
 * The writes of one database transaction (the runtime's transaction port). Obtained from
 * `SagaStore.transaction`; other layers write their own rows in it through their own ports
 * (the audit log: `AuditStore.recordInTransaction`).
 */
export abstract class SagaTransaction {
  /** The database clock, fixed for the whole transaction (ISO 8601). */
  abstract now(): Promise<string>;
  /** Locks the saga row (`FOR UPDATE`) until commit; null when there is no such saga. */
  abstract lockSaga(id: string): Promise<StoredSaga | null>;
  /**
   * Locks the saga row and records the inbound message id in one round trip; null (and nothing
   * recorded) when there is no such saga.
   */
  abstract lockSagaForInbound(id: string, messageId: string): Promise<InboundLock | null>;
  /** Records an inbound message id; false when it was recorded before (a duplicate). */
  abstract recordInbound(messageId: string, sagaId: string): Promise<boolean>;
  /** The highest registered version of a definition; null when none is. */
  abstract latestDefinitionVersion(name: string): Promise<number | null>;
  /** Ends the transaction with a rollback instead of a commit (the work decided to change nothing). */
  abstract discard(): void;
  /** Takes a transaction-scoped lock on an idempotency key; false when another transaction holds it. */
  abstract tryLockIdempotencyKey(key: string): Promise<boolean>;
  abstract findByIdempotencyKey(key: string): Promise<StoredSaga | null>;
  /** Inserts the saga and the first decision's writes; returns the outbox rows written. */
  abstract insertSaga(saga: NewSaga, write: SagaWrite): Promise<{ saga: StoredSaga; outbox: OutboxMessage[] }>;
  /**
   * Inserts a child saga linked to its parent (`parent_saga_id`, `parent_step`) with its first
   * decision's writes, unless a saga with its id exists (then null: it was started before). The
   * child takes the parent's `startedBy`: every saga a principal causes counts toward its cap.
   */
  abstract insertChildSagaIfAbsent(
    saga: NewSaga,
    parent: { readonly sagaId: string; readonly step: string },
    write: SagaWrite,
  ): Promise<OutboxMessage[] | null>;
  /** Inserts outbox rows that belong to no decision of a locked saga (a child saga that could not start). */
  abstract insertOutboxMessages(messages: readonly NewOutboxMessage[]): Promise<OutboxMessage[]>;
  /** Applies a decision to a locked saga; returns the outbox rows written. */
  abstract updateSaga(saga: StoredSaga, write: SagaWrite): Promise<OutboxMessage[]>;
  /** Locks up to `limit` due timers (`due_at <= now()`) that no other transaction holds (SKIP LOCKED). */
  abstract claimDueTimers(limit: number): Promise<DueTimer[]>;
  abstract deleteTimer(timer: DueTimer): Promise<void>;
  /**
   * Sagas `principal` started that are RUNNING or COMPENSATING. Serialises the callers for one
   * principal until commit, so a count-then-insert cannot overshoot a cap.
   */
  abstract countInFlightStartedBy(principal: string): Promise<number>;
}

/**
 * Persistence of sagas, their step logs, inbox, timers and outbox rows. `transaction`
 * retries the whole unit on serialization failures and deadlocks and throws the application's
 * `StoreUnavailableError` when PostgreSQL does not answer (the runtime lets it through).
 * `runtime/testing/in-memory-saga-store.ts` is its in-memory twin for unit tests.
 */
export abstract class SagaStore {
  abstract transaction<T>(work: (tx: SagaTransaction) => Promise<T>): Promise<T>;
  abstract find(id: string): Promise<StoredSaga | null>;
  /** Oldest first. */
  abstract events(sagaId: string): Promise<StoredSagaEvent[]>;
  /** Newest first (created_at desc, id desc). */
  abstract list(filter: SagaListFilter): Promise<StoredSagaSummary[]>;
  /** Milliseconds until the earliest timer is due on the database clock (≤ 0: due now); null when none is armed. */
  abstract msUntilNextTimer(): Promise<number | null>;
}
