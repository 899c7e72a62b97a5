import { Injectable, Optional } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { AppConfig } from '../config/app-config.js';
import { CrashPoints } from '../fault-injection/crash-point-name.js';
import { crashPoint } from '../fault-injection/crash-point.js';
import { decide } from '../saga-engine/decide.js';
import type { SagaDefinition } from '../saga-engine/definition/saga-definition.js';
import type { Decision } from '../saga-engine/decision.js';
import type { SagaStatus } from '../saga-engine/state/saga-status.js';
import type { SagaTrigger } from '../saga-engine/triggers/saga-trigger.js';
import { AuditActions } from './audit/audit-action.js';
import { operatorAuditAction } from './audit/operator-audit-action.util.js';
import { AuditTrailService } from './audit/audit-trail.service.js';
import { DefinitionCatalogService } from './definition-catalog.service.js';
import { DefinitionNotFoundError } from './errors/definition-not-found.error.js';
import { IdempotencyKeyInProgressError } from './errors/idempotency-key-in-progress.error.js';
import { IdempotencyKeyReusedError } from './errors/idempotency-key-reused.error.js';
import { SagaNotFoundError } from './errors/saga-not-found.error.js';
import { SignalNotAwaitedError } from './errors/signal-not-awaited.error.js';
import { SagaEngineErrorCodes } from '../saga-engine/errors/saga-engine-error-code.js';
import { SagaEngineError } from '../saga-engine/errors/saga-engine.error.js';
import { SagaInputValidator } from './input/saga-input-validator.js';
import { PayloadRedactionService } from './redaction/payload-redaction.service.js';
import { InFlightSagaLimit } from './limits/in-flight-saga-limit.service.js';
import { toSagaSummaryView, toSagaView } from './mappers/saga-view.mapper.js';
import { toStepLogEntryView } from './mappers/step-log-entry.mapper.js';
import type { OutboxMessage } from './ports/outbox-message.js';
import { NoSagaMetrics, SagaMetrics } from './ports/saga-metrics.port.js';
import { SagaStore, type SagaTransaction, type StoredSaga } from './ports/saga-store.port.js';
import { NoSagaTracer, SagaTracer } from './ports/saga-tracer.port.js';
import { type AppliedTrigger, SagaRuntimeService } from './saga-runtime.service.js';
import type { StartedChildren } from './child-sagas/child-saga-starter.service.js';
import { decisionToWrite } from './utils/decision-write.util.js';
import { cancelRefusal, operatorErrorFromEngine, resolveRefusal, retryRefusal } from './utils/operator-refusal.util.js';
import { startRequestHash } from './utils/request-hash.util.js';
import { decodeSagaListCursor, encodeSagaListCursor } from './utils/saga-list-cursor.util.js';
import type { SagaPage, SagaView, StepLogEntryView } from './views/saga.view.js';

export interface StartSagaCommand {
  definition: string;
  /** Latest registered version when absent. */
  version?: number;
  input: unknown;
  /** Client-chosen key; same key + same body returns the original saga. */
  idempotencyKey?: string;
}

export interface StartSagaResult {
  saga: SagaView;
  /** False when an earlier request with the same Idempotency-Key created it. */
  created: boolean;
}

export interface ListSagasQuery {
  status?: SagaStatus;
  definition?: string;
  /** ISO 8601: created at or after. */
  createdFrom?: string;
  /** ISO 8601: created before. */
  createdTo?: string;
  /** Only this saga (a search by id). */
  id?: string;
  /** With `inputValue`: only sagas whose input field has that string value. */
  inputField?: string;
  inputValue?: string;
  /** Only sagas that need an operator's attention. */
  attention?: boolean;
  /** Already clamped by the caller to 1..100. */
  limit: number;
  cursor?: string;
}

/**
 * Who performs an operator action. `by` is recorded in the step log; it stays absent until
 * authentication supplies the principal (the API passes it through once it knows it).
 */
export interface OperatorActor {
  readonly by?: string;
}

/** `POST /v1/sagas/{id}/cancel`. */
export interface CancelSagaCommand extends OperatorActor {
  /** Free text recorded with the cancel request. */
  readonly reason?: string;
}

/** `POST /v1/sagas/{id}/retry`. */
export type RetrySagaCommand = OperatorActor;

/** `POST /v1/sagas/{id}/steps/{step}/resolve`: the operator undid the step by hand. */
export interface ResolveStepCommand extends OperatorActor {
  /** Why and how the step was undone by hand (required: it is the audit trail). */
  readonly reason: string;
}

/** Picks an operator trigger once the saga row is locked; throws the refusal instead when the action does not apply. */
type OperatorTriggerFor = (saga: StoredSaga, definition: SagaDefinition) => SagaTrigger;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Application service behind the saga endpoints. Throws `OrchestrationError` subclasses
 * (errors/) for every expected failure; the API maps them to problem+json.
 */
@Injectable()
export class SagaService {
  private readonly metrics: SagaMetrics;
  private readonly tracer: SagaTracer;
  private readonly redaction: PayloadRedactionService;
  /** `ATTENTION_RUNNING_LONGER_THAN_MS`. */
  private readonly attentionThresholdMs: number;

  constructor(
    private readonly store: SagaStore,
    private readonly catalog: DefinitionCatalogService,
    private readonly inputValidator: SagaInputValidator,
    private readonly runtime: SagaRuntimeService,
    private readonly audit: AuditTrailService,
    private readonly inFlightLimit: InFlightSagaLimit,
    @Optional() metrics?: SagaMetrics,
    @Optional() tracer?: SagaTracer,
    @Optional() redaction?: PayloadRedactionService,
    @Optional() config?: AppConfig,
  ) {
    this.attentionThresholdMs = config?.attentionRunningLongerThanMs ?? 300_000;
    this.redaction = redaction ?? new PayloadRedactionService();
    this.metrics = metrics ?? NoSagaMetrics;
    this.tracer = tracer ?? NoSagaTracer;
  }

  /**
   * Validates the input, creates the saga and its first commands in one transaction.
   * With an idempotency key: the same key and body return the saga created first
   * (`created: false`).
   * @throws DefinitionNotFoundError, InvalidSagaInputError, IdempotencyKeyReusedError,
   *   IdempotencyKeyInProgressError, StoreUnavailableError
   */
  start(command: StartSagaCommand): Promise<StartSagaResult> {
    // The saga's trace starts here (child of the HTTP request's span when one is traced); its commands carry it.
    return this.tracer.inScope({ name: 'saga start', definition: command.definition }, () => this.create(command));
  }

  private async create(command: StartSagaCommand): Promise<StartSagaResult> {
    const key = command.idempotencyKey;
    const requestHash = key === undefined ? null : startRequestHash(command);

    const { saga, outbox, created, decision, definition, children } = await this.store.transaction(
      async (
        tx,
      ): Promise<{
        saga: StoredSaga;
        outbox: readonly OutboxMessage[];
        created: boolean;
        decision?: Decision;
        definition: SagaDefinition;
        children?: StartedChildren['decisions'];
      }> => {
        // The clock and the latest version travel with BEGIN; a refusal below rolls back, changing nothing.
        const [now, definition] = await Promise.all([tx.now(), this.definitionToStart(tx, command)]);
        this.inputValidator.assertValid(definition, command.input);
        if (key !== undefined) {
          // Held until commit: a concurrent request with this key gets 409 instead of a duplicate.
          if (!(await tx.tryLockIdempotencyKey(key))) throw new IdempotencyKeyInProgressError(key);
          const existing = await tx.findByIdempotencyKey(key);
          if (existing) {
            if (existing.requestHash !== requestHash) throw new IdempotencyKeyReusedError(key);
            await this.audit.recordInTransaction(tx, AuditActions.SagaStart, existing.id);
            return { saga: existing, outbox: [], created: false, definition };
          }
        }
        const principal = this.audit.currentActor()?.principal;
        await this.inFlightLimit.assertRoomFor(tx, principal);
        const id = uuidv7();
        this.tracer.annotate({ sagaId: id });
        const decision = decide(definition, undefined, { type: 'StartSaga', input: command.input }, { now, random: Math.random });
        const traceContext = this.tracer.activeTraceContext();
        const inserted = await tx.insertSaga(
          {
            id,
            definitionName: definition.name,
            definitionVersion: definition.version,
            input: command.input,
            idempotencyKey: key ?? null,
            requestHash,
            startedBy: principal?.id ?? null,
            traceContext,
          },
          decisionToWrite(id, decision, now, traceContext),
        );
        const children = await this.runtime.startChildrenOf(tx, id, definition, decision, traceContext);
        await this.audit.recordInTransaction(tx, AuditActions.SagaStart, id);
        return { saga: inserted.saga, outbox: [...inserted.outbox, ...children.outbox], created: true, decision, definition, children: children.decisions };
      },
    );
    if (created) crashPoint(CrashPoints.startAfterCommit);
    if (decision) this.metrics.decisionCommitted({ definition: definition.name, previous: undefined, decision });
    this.runtime.dispatchCommitted(outbox);
    if (decision) this.runtime.announceTimers(decision);
    for (const child of children ?? []) {
      this.metrics.decisionCommitted({ definition: child.definition, previous: undefined, decision: child.decision });
      this.runtime.announceTimers(child.decision);
    }
    const pinned = await this.catalog.pinned(saga.definitionName, saga.definitionVersion);
    return { saga: this.redaction.saga(toSagaView(saga, pinned)), created };
  }

  /** The version asked for, else the latest one registered (read in the start's transaction). */
  private async definitionToStart(tx: SagaTransaction, command: StartSagaCommand): Promise<SagaDefinition> {
    const version = command.version ?? (await tx.latestDefinitionVersion(command.definition));
    if (version === null) throw new DefinitionNotFoundError(command.definition);
    return this.catalog.pinned(command.definition, version);
  }

  /** @throws SagaNotFoundError */
  async get(id: string): Promise<SagaView> {
    const saga = UUID.test(id) ? await this.store.find(id) : null;
    if (!saga) throw new SagaNotFoundError(id);
    return this.redaction.saga(toSagaView(saga, await this.catalog.pinned(saga.definitionName, saga.definitionVersion)));
  }

  /** The step log, oldest first. @throws SagaNotFoundError */
  async events(id: string): Promise<StepLogEntryView[]> {
    // Every saga has at least its SagaStarted entry, so an empty log means no such saga.
    const events = UUID.test(id) ? await this.store.events(id) : [];
    if (events.length === 0) throw new SagaNotFoundError(id);
    return events.map((event) => this.redaction.logEntry(toStepLogEntryView(event)));
  }

  /**
   * A running saga turns back (its succeeded steps are compensated in reverse). Idempotent: a
   * saga already turning back answers as it is, with the repeat recorded in the step log.
   * @throws SagaNotFoundError, SagaNotCancellableError (finished, or past the point of no return), StoreUnavailableError
   */
  async cancel(id: string, command: CancelSagaCommand = {}): Promise<SagaView> {
    return this.operate(id, (saga, definition) => {
      const refusal = cancelRefusal(saga.id, definition, saga.state);
      if (refusal) throw refusal;
      return { type: 'CancelRequested', ...optional('reason', command.reason), ...optional('by', command.by) };
    });
  }

  /**
   * A COMPENSATION_FAILED saga tries its failed compensation again with a fresh retry budget.
   * @throws SagaNotFoundError, SagaNotRetriableError, StoreUnavailableError
   */
  async retry(id: string, command: RetrySagaCommand = {}): Promise<SagaView> {
    return this.operate(id, (saga) => {
      const refusal = retryRefusal(saga.id, saga.state);
      if (refusal) throw refusal;
      return { type: 'RetryRequested', ...optional('by', command.by) };
    });
  }

  /**
   * Marks a COMPENSATION_FAILED step as undone by hand; compensation continues with the steps
   * before it. @throws SagaNotFoundError, StepNotFoundError, StepNotResolvableError, StoreUnavailableError
   */
  async resolveStep(id: string, step: string, command: ResolveStepCommand): Promise<SagaView> {
    return this.operate(
      id,
      (saga, definition) => {
        const refusal = resolveRefusal(saga.id, definition, saga.state, step);
        if (refusal) throw refusal;
        return { type: 'StepResolved', step, reason: command.reason, ...optional('by', command.by) };
      },
      step,
    );
  }

  /**
   * Delivers a signal: every running wait step for it succeeds with `payload` as its output and
   * the saga moves on, in one transaction under the saga row lock (like a reply).
   * @throws SagaNotFoundError, SignalNotAwaitedError (nothing waits for it: 409), StoreUnavailableError
   */
  async signal(id: string, signal: string, payload: unknown): Promise<SagaView> {
    if (!UUID.test(id)) throw new SagaNotFoundError(id);
    const applied = await this.store.transaction(async (tx) => {
      const saga = await tx.lockSaga(id);
      if (!saga) throw new SagaNotFoundError(id);
      const definition = await this.catalog.pinned(saga.definitionName, saga.definitionVersion);
      let applied: AppliedTrigger;
      try {
        applied = await this.runtime.applyLocked(tx, saga, definition, { type: 'SignalReceived', signal, payload });
      } catch (error) {
        if (error instanceof SagaEngineError && error.code === SagaEngineErrorCodes.signalNotAwaited) {
          throw new SignalNotAwaitedError(saga.id, signal, saga.status);
        }
        throw error;
      }
      await this.audit.recordInTransaction(tx, AuditActions.SagaSignal, saga.id);
      return applied;
    });
    this.runtime.committed(applied);
    return this.get(id);
  }

  /**
   * One operator action in one transaction: lock the saga row, check the action against the
   * locked state (so two operators cannot both act on a stale view), decide, write; after the
   * commit dispatch the new commands and answer with the saga as it now is.
   */
  private async operate(id: string, triggerFor: OperatorTriggerFor, step?: string): Promise<SagaView> {
    if (!UUID.test(id)) throw new SagaNotFoundError(id);
    const applied = await this.store.transaction(async (tx) => {
      const saga = await tx.lockSaga(id);
      if (!saga) throw new SagaNotFoundError(id);
      const definition = await this.catalog.pinned(saga.definitionName, saga.definitionVersion);
      const trigger = triggerFor(saga, definition);
      let applied: AppliedTrigger;
      try {
        applied = await this.runtime.applyLocked(tx, saga, definition, trigger);
      } catch (error) {
        throw operatorErrorFromEngine(error, saga.id, definition, saga.state, step);
      }
      await this.audit.recordInTransaction(tx, operatorAuditAction(trigger), saga.id);
      return applied;
    });
    this.runtime.committed(applied);
    return this.get(id);
  }

  /** Newest first. @throws InvalidCursorError */
  async list(query: ListSagasQuery): Promise<SagaPage> {
    const after = query.cursor === undefined ? undefined : decodeSagaListCursor(query.cursor);
    // One row more than asked tells whether another page exists.
    const rows = await this.store.list({
      limit: query.limit + 1,
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.definition === undefined ? {} : { definition: query.definition }),
      ...(query.createdFrom === undefined ? {} : { createdFrom: query.createdFrom }),
      ...(query.createdTo === undefined ? {} : { createdTo: query.createdTo }),
      ...(query.id === undefined ? {} : { id: query.id }),
      ...(query.inputField === undefined || query.inputValue === undefined ? {} : { inputMatch: { field: query.inputField, value: query.inputValue } }),
      ...(query.attention ? { needsAttention: { runningLongerThanMs: this.attentionThresholdMs } } : {}),
      ...(after === undefined ? {} : { after }),
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(toSagaSummaryView),
      nextCursor: rows.length > query.limit && last ? encodeSagaListCursor(last.cursorKey) : null,
    };
  }
}

/** `{ [key]: value }` when the value is present: the engine's triggers take absent, never undefined, fields. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
