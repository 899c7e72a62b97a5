import { Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AppConfig } from '../../config/app-config.js';
import { SagaRuntime } from '../../runtime/saga-runtime.service.js';
import type { SagaTrigger } from '../../saga-engine/triggers/saga-trigger.js';
import { AuditActions } from '../audit/audit-action.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import { operatorAuditAction } from '../audit/operator-audit-action.mapper.js';
import { BulkCountMismatchError } from '../errors/bulk-count-mismatch.error.js';
import { BulkOperationNotCancellableError } from '../errors/bulk-operation-not-cancellable.error.js';
import { BulkOperationNotFoundError } from '../errors/bulk-operation-not-found.error.js';
import { BulkTooManySagasError } from '../errors/bulk-too-many-sagas.error.js';
import { OperatorRefusalError } from '../errors/operator-refusals.js';
import { StoreUnavailableError } from '../errors/store-unavailable.error.js';
import { BulkOperationStore } from '../ports/bulk-operation-store.port.js';
import { sagaMatchOf } from '../sagas/saga.service.js';
import type { BulkAction, BulkFilter, BulkItemOutcome, BulkItemView, BulkOperationView, ClaimedBulkItem } from './bulk-operation.js';

/** Saga ids a dry run shows. */
const DRY_RUN_SAMPLE_SIZE = 10;

/** `POST /v1/bulk-operations`. */
export interface BulkOperationCommand {
  readonly action: BulkAction;
  readonly filter: BulkFilter;
  /** resolve: the step to mark undone by hand in every matched saga. */
  readonly step?: string;
  /** cancel: optional; resolve: required (recorded in each saga's step log). */
  readonly reason?: string;
}

/** What a dry run found; nothing was written. */
export interface BulkDryRun {
  readonly matched: number;
  /** The oldest matched saga ids (at most 10). */
  readonly sample: readonly string[];
}

/** What one pass of a worker did with one item. */
export type BulkItemResult = 'none' | 'done' | 'skipped';

/**
 * Bulk operator actions: every saga a filter (the saga list's) matches gets the single operator
 * action (cancel, retry, resolve a step). Creation snapshots the matched ids as pending items in
 * one transaction, after a dry run's count was confirmed. Workers on every replica (BulkOperationWorker)
 * act on one item per runtime transaction: the item's claim (SKIP LOCKED), the action on its saga,
 * the item marked done and the saga's audit row commit together, so a crash never loses or
 * doubles one. A saga that refuses the action (no longer COMPENSATION_FAILED …) is skipped with the reason.
 */
@Injectable()
export class BulkOperationService {
  private readonly logger = new Logger(BulkOperationService.name);
  private readonly wakeListeners = new Set<() => void>();

  constructor(
    private readonly store: BulkOperationStore,
    private readonly runtime: SagaRuntime,
    private readonly audit: AuditTrailService,
    private readonly config: AppConfig,
  ) {}

  /** Counts the sagas the filter matches now; writes nothing (not even an audit row). @throws BulkTooManySagasError */
  async dryRun(filter: BulkFilter): Promise<BulkDryRun> {
    this.audit.markAsRead();
    const limit = this.config.bulkMaxMatchedSagas;
    const { matched, sample } = await this.store.count(sagaMatchOf(filter), limit, DRY_RUN_SAMPLE_SIZE);
    if (matched > limit) throw new BulkTooManySagasError(limit);
    return { matched, sample };
  }

  /**
   * Snapshots the matched sagas and starts acting on them; `expectedCount` must be the number
   * matched now (the dry run's, confirmed by the operator).
   * @throws BulkTooManySagasError, BulkCountMismatchError (nothing written)
   */
  async create(command: BulkOperationCommand, expectedCount: number): Promise<BulkOperationView> {
    const actor = this.audit.currentActor();
    const limit = this.config.bulkMaxMatchedSagas;
    const result = await this.store.create(
      {
        id: uuidv7(),
        action: command.action,
        filter: command.filter,
        match: sagaMatchOf(command.filter),
        step: command.step ?? null,
        reason: command.reason ?? null,
        createdBy: actor?.principal?.id ?? null,
        requestId: actor?.requestId ?? 'none',
      },
      { limit, expected: expectedCount },
      (writer, created) => this.audit.recordInTransaction(writer, AuditActions.BulkOperationCreate, created.id),
    );
    if (result.kind === 'too-many') throw new BulkTooManySagasError(limit);
    if (result.kind === 'count-mismatch') throw new BulkCountMismatchError(expectedCount, result.matched);
    this.wake();
    return result.operation;
  }

  /** @throws BulkOperationNotFoundError */
  async get(id: string): Promise<BulkOperationView> {
    const operation = await this.store.get(id);
    if (!operation) throw new BulkOperationNotFoundError(id);
    return operation;
  }

  /** Newest first. */
  list(limit: number, before?: string): Promise<BulkOperationView[]> {
    return this.store.list(limit, before);
  }

  /** @throws BulkOperationNotFoundError */
  async items(id: string, limit: number, after?: string, outcome?: BulkItemOutcome): Promise<BulkItemView[]> {
    await this.get(id);
    return this.store.items(id, limit, after, outcome);
  }

  /**
   * Stops a running operation: its pending items are not acted on (an item a worker holds ends
   * done first). @throws BulkOperationNotFoundError, BulkOperationNotCancellableError
   */
  async cancel(id: string): Promise<BulkOperationView> {
    const result = await this.store.cancel(id, (writer) => this.audit.recordInTransaction(writer, AuditActions.BulkOperationCancel, id));
    if (result === null) throw new BulkOperationNotFoundError(id);
    if (!result.cancelled) throw new BulkOperationNotCancellableError(id, result.status);
    return this.get(id);
  }

  /**
   * Acts on the next pending item, if any: claim, action, item done and audit row in one runtime
   * transaction. A saga that refuses the action (or no longer exists, or whose action fails for
   * another reason than the store being down) leaves the item skipped with the reason.
   */
  async actOnNextItem(): Promise<BulkItemResult> {
    let claimed: ClaimedBulkItem | undefined;
    try {
      const outcome = await this.runtime.apply(async (tx) => {
        const items = this.store.itemsIn(tx);
        claimed = await items.claimNext();
        if (claimed === undefined) return undefined;
        const item = claimed;
        const trigger = triggerOf(item);
        return {
          sagaId: item.sagaId,
          trigger,
          options: {
            alsoWrite: async (sagaTx) => {
              await items.markDone(item);
              await this.audit.recordBulkItemInSagaTransaction(sagaTx, {
                id: uuidv7(),
                action: operatorAuditAction(trigger),
                sagaId: item.sagaId,
                operationId: item.operationId,
                principal: item.createdBy,
                requestId: item.requestId,
              });
            },
          },
        };
      });
      if (outcome === undefined) return 'none';
      if (outcome.kind === 'applied') return 'done';
      // not-found: the saga is gone (retention); the claim committed nothing.
      await this.store.skip(claimed!, 'The saga no longer exists.');
      return 'skipped';
    } catch (error) {
      // Nothing was claimed, or the store is down: the item (if any) stays pending for the next pass.
      if (claimed === undefined || error instanceof StoreUnavailableError) throw error;
      if (error instanceof OperatorRefusalError) {
        // The refusal rolled the claim back; a crash before this skip leaves the item pending, refused again next time.
        await this.store.skip(claimed, error.message);
        this.logger.debug(`bulk operation ${claimed.operationId}: saga ${claimed.sagaId} skipped: ${error.message}`);
        return 'skipped';
      }
      // Anything else would fail again on every claim and hold the operation up: skip the saga, say why.
      this.logger.error(`bulk operation ${claimed.operationId}: the action on saga ${claimed.sagaId} failed: ${String(error)}`);
      await this.store.skip(claimed, `The action failed: ${(error as Error).message}`);
      return 'skipped';
    }
  }

  /** Every RUNNING operation without pending items becomes COMPLETED; true while one is still running. */
  completeDrained(): Promise<boolean> {
    return this.store.completeDrained();
  }

  /** Calls `listener` when this replica created an operation (its worker starts at once); returns the unsubscribe. */
  onCreated(listener: () => void): () => void {
    this.wakeListeners.add(listener);
    return () => this.wakeListeners.delete(listener);
  }

  private wake(): void {
    for (const listener of this.wakeListeners) listener();
  }
}

/** The single operator action's trigger for an item (the same as the single endpoints send). */
function triggerOf(item: ClaimedBulkItem): SagaTrigger {
  switch (item.action) {
    case 'cancel':
      return { type: 'CancelRequested', ...(item.reason === null ? {} : { reason: item.reason }) };
    case 'retry':
      return { type: 'RetryRequested' };
    case 'resolve':
      return { type: 'StepResolved', step: item.step ?? '', reason: item.reason ?? '' };
  }
}
