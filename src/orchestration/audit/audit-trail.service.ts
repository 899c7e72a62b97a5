import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import type { SagaTransaction } from '../../runtime/ports/saga-store.port.js';
import { AuditStore } from '../ports/audit-store.port.js';
import type { AuditAction } from './audit-action.js';
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor.util.js';
import { AuditOutcomes, type AuditOutcome } from './audit-outcome.js';
import { ANONYMOUS_PRINCIPAL, type AuditRecord, type AuditWriter, type StoredAuditEntry } from './audit-record.js';
import type { RequestActor } from './request-actor.js';

/** What the API asks of the audit listing. */
export interface AuditQuery {
  readonly action?: AuditAction;
  readonly principal?: string;
  readonly target?: string;
  /** Already clamped by the caller to 1..100. */
  readonly limit: number;
  readonly cursor?: string;
}

export interface AuditPage {
  readonly items: StoredAuditEntry[];
  readonly nextCursor: string | null;
}

/** One request's view of its audit row. */
export interface AuditSession {
  /** True once a service wrote the row in its transaction (meaningful after the service returned normally). */
  recordedInTransaction(): boolean;
}

/** The request being served, and whether its audit row was already written in the action's transaction. */
interface ActorScope {
  readonly actor: RequestActor;
  recordedInTransaction: boolean;
}

/**
 * The audit log: exactly one row per mutating API call.
 *
 * The API runs each request inside `runAs(actor, …)`. A service that carries out an action calls
 * `recordInTransaction(tx, …)` in the action's own transaction, so the row commits with the change or
 * not at all. Whatever happens, the API then calls `recordOutcome` for the request: every row of one
 * request has the same id (the store keeps the first), so a refusal, a failure or an action whose
 * service does not audit yet still leaves exactly one row, and a committed action is never recorded twice.
 */
@Injectable()
export class AuditTrailService {
  private readonly scopes = new AsyncLocalStorage<ActorScope>();

  constructor(private readonly store: AuditStore) {}

  /**
   * Runs `work` with `actor` as the ambient caller of everything it awaits. `work` gets the
   * request's audit session, to ask afterwards whether its row was written in the action's transaction.
   */
  runAs<T>(actor: RequestActor, work: (session: AuditSession) => T): T {
    const scope: ActorScope = { actor, recordedInTransaction: false };
    return this.scopes.run(scope, () => work({ recordedInTransaction: () => scope.recordedInTransaction }));
  }

  /** The caller of the request being served; undefined outside a request (start-up registrations, CLI). */
  currentActor(): RequestActor | undefined {
    return this.scopes.getStore()?.actor;
  }

  /**
   * Records a carried-out action in the caller's transaction. Outside a request (start-up
   * registration of the example definitions) there is no caller and nothing is recorded.
   */
  async recordInTransaction(tx: AuditWriter, action: AuditAction, target: string | null): Promise<void> {
    const scope = this.scopes.getStore();
    if (!scope) return;
    await tx.recordAudit(auditRecord(scope.actor, action, target, 'succeeded', null));
    // Set after the write: if the transaction is retried, the next run writes (and sets) again.
    scope.recordedInTransaction = true;
  }

  /** `recordInTransaction` in a runtime (saga) transaction: the row commits with the saga change. */
  recordInSagaTransaction(tx: SagaTransaction, action: AuditAction, target: string | null): Promise<void> {
    return this.recordInTransaction(this.store.writerIn(tx), action, target);
  }

  /**
   * The row of one saga a bulk operation acted on, in the runtime transaction that acted on it:
   * on behalf of the operation's creator (no request is being served), with the operation's id in
   * `detail`. `id` is fresh: the item is marked done in the same transaction, so it is written once.
   */
  recordBulkItemInSagaTransaction(
    tx: SagaTransaction,
    row: {
      readonly id: string;
      readonly action: AuditAction;
      readonly sagaId: string;
      readonly operationId: string;
      readonly principal: string | null;
      readonly requestId: string;
    },
  ): Promise<void> {
    return this.store.writerIn(tx).recordAudit({
      id: row.id,
      principal: row.principal ?? ANONYMOUS_PRINCIPAL,
      action: row.action,
      target: row.sagaId,
      requestId: row.requestId,
      outcome: AuditOutcomes.Succeeded,
      detail: `bulk operation ${row.operationId}`,
    });
  }

  /** The request turned out to be a read (a bulk dry run): it leaves no audit row. */
  markAsRead(): void {
    const scope = this.scopes.getStore();
    if (scope) scope.recordedInTransaction = true;
  }

  /**
   * The request's row in its own small transaction, unless the action's transaction wrote it:
   * denied, rejected and failed calls, and actions whose service does not audit in its transaction.
   */
  async recordOutcome(actor: RequestActor, action: AuditAction, target: string | null, outcome: AuditOutcome, detail: string | null): Promise<void> {
    await this.store.insertIfAbsent(auditRecord(actor, action, target, outcome, detail));
  }

  /** Newest first. @throws InvalidCursorError */
  async list(query: AuditQuery): Promise<AuditPage> {
    const beforeSeq = query.cursor === undefined ? undefined : decodeAuditCursor(query.cursor);
    const rows = await this.store.list({
      limit: query.limit + 1,
      ...(query.action === undefined ? {} : { action: query.action }),
      ...(query.principal === undefined ? {} : { principal: query.principal }),
      ...(query.target === undefined ? {} : { target: query.target }),
      ...(beforeSeq === undefined ? {} : { beforeSeq }),
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeAuditCursor(last.seq) : null };
  }
}

function auditRecord(actor: RequestActor, action: AuditAction, target: string | null, outcome: AuditOutcome, detail: string | null): AuditRecord {
  return {
    id: actor.auditId,
    principal: actor.principal?.id ?? ANONYMOUS_PRINCIPAL,
    action,
    target,
    requestId: actor.requestId,
    outcome,
    detail,
  };
}
