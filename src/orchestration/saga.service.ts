import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { decide } from '../saga-engine/decide.js';
import type { SagaStatus } from '../saga-engine/state/saga-status.js';
import { DefinitionCatalogService } from './definition-catalog.service.js';
import { IdempotencyKeyInProgressError } from './errors/idempotency-key-in-progress.error.js';
import { IdempotencyKeyReusedError } from './errors/idempotency-key-reused.error.js';
import { SagaNotFoundError } from './errors/saga-not-found.error.js';
import { SagaInputValidator } from './input/saga-input-validator.js';
import { toSagaSummaryView, toSagaView } from './mappers/saga-view.mapper.js';
import { toStepLogEntryView } from './mappers/step-log-entry.mapper.js';
import type { OutboxMessage } from './ports/outbox-message.js';
import { SagaStore, type StoredSaga } from './ports/saga-store.port.js';
import { SagaRuntimeService } from './saga-runtime.service.js';
import { decisionToWrite } from './utils/decision-write.util.js';
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
  /** Already clamped by the caller to 1..100. */
  limit: number;
  cursor?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Application service behind the saga endpoints. Throws `OrchestrationError` subclasses
 * (errors/) for every expected failure; the API maps them to problem+json.
 */
@Injectable()
export class SagaService {
  constructor(
    private readonly store: SagaStore,
    private readonly catalog: DefinitionCatalogService,
    private readonly inputValidator: SagaInputValidator,
    private readonly runtime: SagaRuntimeService,
  ) {}

  /**
   * Validates the input, creates the saga and its first commands in one transaction.
   * With an idempotency key: the same key and body return the saga created first
   * (`created: false`).
   * @throws DefinitionNotFoundError, InvalidSagaInputError, IdempotencyKeyReusedError,
   *   IdempotencyKeyInProgressError, StoreUnavailableError
   */
  async start(command: StartSagaCommand): Promise<StartSagaResult> {
    const definition = await this.catalog.resolve(command.definition, command.version);
    this.inputValidator.assertValid(definition, command.input);
    const key = command.idempotencyKey;
    const requestHash = key === undefined ? null : startRequestHash(command);

    const { saga, outbox, created } = await this.store.transaction(
      async (tx): Promise<{ saga: StoredSaga; outbox: readonly OutboxMessage[]; created: boolean }> => {
        if (key !== undefined) {
          // Held until commit: a concurrent request with this key gets 409 instead of a duplicate.
          if (!(await tx.tryLockIdempotencyKey(key))) throw new IdempotencyKeyInProgressError(key);
          const existing = await tx.findByIdempotencyKey(key);
          if (existing) {
            if (existing.requestHash !== requestHash) throw new IdempotencyKeyReusedError(key);
            return { saga: existing, outbox: [], created: false };
          }
        }
        const now = await tx.now();
        const id = uuidv7();
        const decision = decide(definition, undefined, { type: 'StartSaga', input: command.input }, { now, random: Math.random });
        const inserted = await tx.insertSaga(
          {
            id,
            definitionName: definition.name,
            definitionVersion: definition.version,
            input: command.input,
            idempotencyKey: key ?? null,
            requestHash,
          },
          decisionToWrite(id, decision, now),
        );
        return { ...inserted, created: true };
      },
    );
    this.runtime.dispatchCommitted(outbox);
    const pinned = await this.catalog.pinned(saga.definitionName, saga.definitionVersion);
    return { saga: toSagaView(saga, pinned), created };
  }

  /** @throws SagaNotFoundError */
  async get(id: string): Promise<SagaView> {
    const saga = UUID.test(id) ? await this.store.find(id) : null;
    if (!saga) throw new SagaNotFoundError(id);
    return toSagaView(saga, await this.catalog.pinned(saga.definitionName, saga.definitionVersion));
  }

  /** The step log, oldest first. @throws SagaNotFoundError */
  async events(id: string): Promise<StepLogEntryView[]> {
    // Every saga has at least its SagaStarted entry, so an empty log means no such saga.
    const events = UUID.test(id) ? await this.store.events(id) : [];
    if (events.length === 0) throw new SagaNotFoundError(id);
    return events.map(toStepLogEntryView);
  }

  /** Newest first. @throws InvalidCursorError */
  async list(query: ListSagasQuery): Promise<SagaPage> {
    const after = query.cursor === undefined ? undefined : decodeSagaListCursor(query.cursor);
    // One row more than asked tells whether another page exists.
    const rows = await this.store.list({
      limit: query.limit + 1,
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.definition === undefined ? {} : { definition: query.definition }),
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
