import { Injectable } from '@nestjs/common';
import { MAX_COMMAND_PAYLOAD_BYTES } from '@saga-coordinator/contracts';
import { AppConfig } from '../../config/app-config.js';
import { SagaTracer } from '../../observability/tracing/saga-tracer.port.js';
import { SagaRuntime } from '../../runtime/saga-runtime.service.js';
import type { SagaTransaction } from '../../runtime/ports/saga-store.port.js';
import { type SagaMatch, SagaStore } from '../../runtime/ports/saga-store.port.js';
import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';
import type { SagaStatus } from '../../saga-engine/state/saga-status.js';
import type { SagaTrigger } from '../../saga-engine/triggers/saga-trigger.js';
import { AuditActions } from '../audit/audit-action.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import { operatorAuditAction } from '../audit/operator-audit-action.mapper.js';
import { DefinitionCatalogService } from '../definitions/definition-catalog.service.js';
import { DefinitionNotFoundError } from '../errors/definition-not-found.error.js';
import { IdempotencyKeyInProgressError } from '../errors/idempotency-key-in-progress.error.js';
import { IdempotencyKeyReusedError } from '../errors/idempotency-key-reused.error.js';
import { SagaNotFoundError } from '../errors/saga-not-found.error.js';
import { startRequestHash } from '../idempotency/request-hash.codec.js';
import { SagaInputValidator } from '../input/saga-input-validator.js';
import { InFlightSagaLimit } from '../limits/in-flight-saga-limit.service.js';
import { oversizedFirstPayloads } from '../limits/oversized-first-payloads.rule.js';
import { InvalidSagaInputError } from '../errors/invalid-saga-input.error.js';
import { InvalidSagaDefinitionError } from '../errors/invalid-saga-definition.error.js';
import { toSagaSummaryView, toSagaView } from '../mappers/saga-view.mapper.js';
import { toStepLogEntryView } from '../mappers/step-log-entry.mapper.js';
import { decodeSagaListCursor, encodeSagaListCursor } from '../monitoring/saga-list-cursor.codec.js';
import { PayloadRedactionService } from '../redaction/payload-redaction.service.js';
import type { SagaPage, SagaView, StepLogEntryView } from '../views/saga.view.js';

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

/** The filter fields the saga list and the bulk operations share. */
export type SagaFilterFields = Pick<ListSagasQuery, 'status' | 'definition' | 'version' | 'createdFrom' | 'createdTo' | 'inputField' | 'inputValue'>;

export interface ListSagasQuery {
  status?: SagaStatus;
  definition?: string;
  /** With `definition`: only sagas pinned to this version. */
  version?: number;
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Application service behind the saga endpoints. Every change goes through the runtime
 * (`SagaRuntime.create` / `apply`); this service checks the request, adds the audit row to the
 * runtime's transaction and maps the result. Throws `OrchestrationError` subclasses (errors/) for
 * the expected failures and lets the engine's `OperatorRefusalError`s through (re-exported in
 * errors/operator-refusals.ts); the API maps both to problem+json.
 */
@Injectable()
export class SagaService {
  constructor(
    private readonly store: SagaStore,
    private readonly runtime: SagaRuntime,
    private readonly catalog: DefinitionCatalogService,
    private readonly inputValidator: SagaInputValidator,
    private readonly audit: AuditTrailService,
    private readonly inFlightLimit: InFlightSagaLimit,
    private readonly tracer: SagaTracer,
    private readonly redaction: PayloadRedactionService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Validates the input, creates the saga and its first commands in one transaction.
   * With an idempotency key: the same key and body return the saga created first
   * (`created: false`).
   * @throws DefinitionNotFoundError, InvalidSagaInputError, IdempotencyKeyReusedError,
   *   IdempotencyKeyInProgressError, InFlightLimitReachedError, StoreUnavailableError
   */
  start(command: StartSagaCommand): Promise<StartSagaResult> {
    // The saga's trace starts here (child of the HTTP request's span when one is traced); its commands carry it.
    return this.tracer.inScope({ name: 'saga start', definition: command.definition }, () => this.create(command));
  }

  private async create(command: StartSagaCommand): Promise<StartSagaResult> {
    const key = command.idempotencyKey;
    const requestHash = key === undefined ? null : startRequestHash(command);
    const { saga, created } = await this.runtime.create({
      prepare: async (tx) => {
        // A refusal below rolls the transaction back, changing nothing.
        const definition = await this.definitionToStart(tx, command);
        this.inputValidator.assertValid(definition, command.input);
        if (key !== undefined) {
          // Held until commit: a concurrent request with this key gets 409 instead of a duplicate.
          if (!(await tx.tryLockIdempotencyKey(key))) throw new IdempotencyKeyInProgressError(key);
          const existing = await tx.findByIdempotencyKey(key);
          if (existing) {
            if (existing.requestHash !== requestHash) throw new IdempotencyKeyReusedError(key);
            return { existing };
          }
        }
        const principal = this.audit.currentActor()?.principal;
        await this.inFlightLimit.assertRoomFor(tx, principal);
        return { definition, input: command.input, idempotencyKey: key ?? null, requestHash, startedBy: principal?.id ?? null };
      },
      vetFirstDecision: (decision) => {
        const oversized = oversizedFirstPayloads(decision);
        if (oversized.length > 0) {
          throw new InvalidSagaInputError(
            command.definition,
            oversized,
            `The input makes a payload of saga definition "${command.definition}" larger than a command may be (${MAX_COMMAND_PAYLOAD_BYTES} bytes); nothing was started.`,
          );
        }
      },
      alsoWrite: (tx, saga) => this.audit.recordInSagaTransaction(tx, AuditActions.SagaStart, saga.id),
    });
    const pinned = await this.catalog.pinned(saga.definitionName, saga.definitionVersion);
    return { saga: this.redaction.saga(toSagaView(saga, pinned)), created };
  }

  /**
   * The version asked for, else the latest one registered (read in the start's transaction).
   * @throws DefinitionNotFoundError, InvalidSagaDefinitionError (it breaks a limit added since it was stored)
   */
  private async definitionToStart(tx: SagaTransaction, command: StartSagaCommand): Promise<SagaDefinition> {
    const version = command.version ?? (await tx.latestDefinitionVersion(command.definition));
    if (version === null) throw new DefinitionNotFoundError(command.definition);
    const definition = await this.catalog.pinned(command.definition, version);
    // A version stored before today's limits is refused here, before anything is written.
    const problems = this.catalog.storedProblems(definition);
    if (problems.length > 0) throw new InvalidSagaDefinitionError(definition.name, problems);
    return definition;
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
  cancel(id: string, command: CancelSagaCommand = {}): Promise<SagaView> {
    return this.operate(id, { type: 'CancelRequested', ...optional('reason', command.reason), ...optional('by', command.by) });
  }

  /**
   * A COMPENSATION_FAILED saga tries its failed compensation again with a fresh retry budget.
   * @throws SagaNotFoundError, SagaNotRetriableError, StoreUnavailableError
   */
  retry(id: string, command: RetrySagaCommand = {}): Promise<SagaView> {
    return this.operate(id, { type: 'RetryRequested', ...optional('by', command.by) });
  }

  /**
   * Marks a COMPENSATION_FAILED step as undone by hand; compensation continues with the steps
   * before it. @throws SagaNotFoundError, StepNotFoundError, StepNotResolvableError, StoreUnavailableError
   */
  resolveStep(id: string, step: string, command: ResolveStepCommand): Promise<SagaView> {
    return this.operate(id, { type: 'StepResolved', step, reason: command.reason, ...optional('by', command.by) });
  }

  /**
   * Delivers a signal: every running wait step for it succeeds with `payload` as its output and
   * the saga moves on, in one transaction under the saga row lock (like a reply).
   * @throws SagaNotFoundError, SignalNotAwaitedError (nothing waits for it: 409), StoreUnavailableError
   */
  signal(id: string, signal: string, payload: unknown): Promise<SagaView> {
    return this.operate(id, { type: 'SignalReceived', signal, payload });
  }

  /**
   * One operator action through the runtime: under the saga row lock the engine checks it
   * against the locked state (so two operators cannot both act on a stale view) and refuses it
   * with an `OperatorRefusalError`, or decides; the audit row commits with it. Answers with the
   * saga as it now is.
   */
  private async operate(id: string, trigger: SagaTrigger): Promise<SagaView> {
    if (!UUID.test(id)) throw new SagaNotFoundError(id);
    const outcome = await this.runtime.apply(id, trigger, {
      alsoWrite: (tx, saga) => this.audit.recordInSagaTransaction(tx, operatorAuditAction(trigger), saga.id),
    });
    if (outcome.kind === 'not-found') throw new SagaNotFoundError(id);
    return this.get(id);
  }

  /** Newest first. @throws InvalidCursorError */
  async list(query: ListSagasQuery): Promise<SagaPage> {
    const after = query.cursor === undefined ? undefined : decodeSagaListCursor(query.cursor);
    // One row more than asked tells whether another page exists.
    const rows = await this.store.list({
      limit: query.limit + 1,
      ...sagaMatchOf(query),
      ...(query.id === undefined ? {} : { id: query.id }),
      ...(query.attention ? { needsAttention: { runningLongerThanMs: this.config.attentionRunningLongerThanMs } } : {}),
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

/** The list's filter fields as a `SagaMatch`: the bulk operations read their filter with this too (one meaning). */
export function sagaMatchOf(filter: SagaFilterFields): SagaMatch {
  return {
    ...(filter.status === undefined ? {} : { status: filter.status }),
    ...(filter.definition === undefined ? {} : { definition: filter.definition }),
    ...(filter.version === undefined ? {} : { version: filter.version }),
    ...(filter.createdFrom === undefined ? {} : { createdFrom: filter.createdFrom }),
    ...(filter.createdTo === undefined ? {} : { createdTo: filter.createdTo }),
    ...(filter.inputField === undefined || filter.inputValue === undefined
      ? {}
      : { inputMatch: { field: filter.inputField, value: filter.inputValue } }),
  };
}

/** `{ [key]: value }` when the value is present: the engine's triggers take absent, never undefined, fields. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
