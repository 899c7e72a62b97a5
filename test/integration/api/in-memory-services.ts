import { loadAppConfig } from '../../../src/config/app-config.js';
import { WebhookStore } from '../../../src/orchestration/ports/webhook-store.port.js';
import { WebhookService } from '../../../src/orchestration/webhooks/webhook.service.js';
import { BulkOperationService } from '../../../src/orchestration/bulk/bulk-operation.service.js';
import { BulkOperationNotFoundError } from '../../../src/orchestration/errors/bulk-operation-not-found.error.js';
import { randomUUID } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import type { StoredAuditEntry } from '../../../src/orchestration/audit/audit-record.js';
import type { AuditWriter } from '../../../src/orchestration/audit/audit-record.js';
import { AuditTrailService } from '../../../src/orchestration/audit/audit-trail.service.js';
import { ApiKeyAuthenticator, AuthDisabledPrincipal } from '../../../src/orchestration/auth/api-key-authenticator.service.js';
import { DefinitionCatalogService } from '../../../src/orchestration/definitions/definition-catalog.service.js';
import { DefinitionNotFoundError } from '../../../src/orchestration/errors/definition-not-found.error.js';
import { IdempotencyKeyInProgressError } from '../../../src/orchestration/errors/idempotency-key-in-progress.error.js';
import { IdempotencyKeyReusedError } from '../../../src/orchestration/errors/idempotency-key-reused.error.js';
import { InvalidCursorError } from '../../../src/orchestration/errors/invalid-cursor.error.js';
import { InvalidSagaInputError } from '../../../src/orchestration/errors/invalid-saga-input.error.js';
import { SagaNotFoundError } from '../../../src/orchestration/errors/saga-not-found.error.js';
import { StoreUnavailableError } from '../../../src/orchestration/errors/store-unavailable.error.js';
import { ParticipantNotFoundError } from '../../../src/orchestration/errors/participant-not-found.error.js';
import { ParticipantDirectoryService } from '../../../src/orchestration/participants/participant-directory.service.js';
import { SagaChangeFeed } from '../../../src/orchestration/monitoring/saga-change-feed.service.js';
import { SagaCountsService } from '../../../src/orchestration/monitoring/saga-counts.service.js';
import { AuditStore } from '../../../src/orchestration/ports/audit-store.port.js';
import { SagaSettledFeed } from '../../../src/orchestration/ports/saga-settled-feed.port.js';
import { SagaOutcomeWaiter } from '../../../src/orchestration/outcomes/saga-outcome-waiter.service.js';
import { type SagaChanges, SagaMonitorStore, type StoredSagaCounts } from '../../../src/orchestration/ports/saga-monitor-store.port.js';
import type { ListSagasQuery, StartSagaCommand, StartSagaResult } from '../../../src/orchestration/sagas/saga.service.js';
import { SagaService } from '../../../src/orchestration/sagas/saga.service.js';
import type { DefinitionView } from '../../../src/orchestration/views/definition.view.js';
import type { ParticipantView } from '../../../src/orchestration/views/participant.view.js';
import type { SagaPage, SagaView, StepLogEntryView } from '../../../src/orchestration/views/saga.view.js';
import { DefaultCompensationRetryPolicy, DefaultRetryPolicy } from '../../../src/saga-engine/definition/saga-definition.js';

/*
 * In-memory stand-ins for the three application services: the API is tested in isolation here
 * (the real services are covered by the e2e suite). They follow the services' documented contracts.
 */

const reserveInventory = {
  name: 'reserve-inventory',
  participant: 'inventory',
  command: 'reserve-inventory',
  compensation: 'release-inventory',
  kind: 'compensatable',
  timeoutMs: 30_000,
  retry: DefaultRetryPolicy,
  compensationRetry: DefaultCompensationRetryPolicy,
} as const;
const orderInputSchema = { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } };

export const ORDER_DEFINITION: DefinitionView = {
  name: 'order',
  version: 1,
  description: 'Reserve, charge, ship.',
  inputSchema: orderInputSchema,
  steps: [reserveInventory],
  json: {
    name: 'order',
    version: 1,
    description: 'Reserve, charge, ship.',
    inputSchema: orderInputSchema,
    steps: [{ type: 'step', ...reserveInventory }],
  },
  createdAt: '2026-11-01T00:00:00.000Z',
};

/** An Idempotency-Key the stub treats as "first request still running". */
export const IN_PROGRESS_KEY = 'still-running';
/** A definition name the stub answers with StoreUnavailableError. */
export const UNAVAILABLE_DEFINITION = 'store-down';

export class InMemorySagaService {
  readonly sagas = new Map<string, SagaView>();
  private readonly byKey = new Map<string, { body: string; id: string }>();
  startCalls = 0;

  async start(command: StartSagaCommand): Promise<StartSagaResult> {
    this.startCalls++;
    if (command.definition === UNAVAILABLE_DEFINITION) throw new StoreUnavailableError();
    if (command.definition !== 'order' || (command.version !== undefined && command.version !== 1)) {
      throw new DefinitionNotFoundError(command.definition, command.version);
    }
    const input = command.input as Record<string, unknown>;
    if (typeof input.orderId !== 'string') {
      throw new InvalidSagaInputError('order', [{ pointer: '/orderId', message: 'must be string' }]);
    }
    if (command.idempotencyKey === IN_PROGRESS_KEY) throw new IdempotencyKeyInProgressError(command.idempotencyKey);
    const body = JSON.stringify({ definition: command.definition, version: command.version, input: command.input });
    const earlier = command.idempotencyKey === undefined ? undefined : this.byKey.get(command.idempotencyKey);
    if (earlier && command.idempotencyKey !== undefined) {
      if (earlier.body !== body) throw new IdempotencyKeyReusedError(command.idempotencyKey);
      return { saga: this.sagas.get(earlier.id)!, created: false };
    }
    const now = new Date().toISOString();
    const saga: SagaView = {
      id: randomUUID(),
      definition: 'order',
      version: 1,
      status: 'RUNNING',
      input: command.input,
      output: undefined,
      createdAt: now,
      updatedAt: now,
      parentSagaId: null,
      parentStep: null,
      steps: [
        {
          name: 'reserve-inventory',
          type: 'step',
          parent: null,
          branch: null,
          signal: null,
          participant: 'inventory',
          command: 'reserve-inventory',
          kind: 'compensatable',
          status: 'RUNNING',
          attempts: 1,
          output: undefined,
          error: null,
          startedAt: now,
          finishedAt: null,
          compensation: null,
          child: null,
        },
      ],
    };
    this.sagas.set(saga.id, saga);
    if (command.idempotencyKey !== undefined) this.byKey.set(command.idempotencyKey, { body, id: saga.id });
    return { saga, created: true };
  }

  async get(id: string): Promise<SagaView> {
    const saga = this.sagas.get(id);
    if (!saga) throw new SagaNotFoundError(id);
    return saga;
  }

  async events(id: string): Promise<StepLogEntryView[]> {
    const saga = await this.get(id);
    return [
      { seq: 1, type: 'SagaStarted', step: null, attempt: null, at: saga.createdAt, data: null },
      { seq: 2, type: 'StepStarted', step: 'reserve-inventory', attempt: 1, at: saga.createdAt, data: null },
    ];
  }

  async list(query: ListSagasQuery): Promise<SagaPage> {
    if (query.cursor !== undefined && query.cursor !== 'next') throw new InvalidCursorError();
    const items = [...this.sagas.values()]
      .filter(
        (saga) =>
          (query.status === undefined || saga.status === query.status) && (query.definition === undefined || saga.definition === query.definition),
      )
      .slice(0, query.limit)
      .map(({ id, definition, version, status, createdAt, updatedAt }) => ({ id, definition, version, status, createdAt, updatedAt }));
    return { items, nextCursor: null };
  }
}

export class InMemoryDefinitionCatalog {
  async list(): Promise<DefinitionView[]> {
    return [ORDER_DEFINITION];
  }

  async get(name: string): Promise<DefinitionView> {
    if (name !== ORDER_DEFINITION.name) throw new DefinitionNotFoundError(name);
    return ORDER_DEFINITION;
  }
}

export class InMemoryParticipantDirectory {
  async list(): Promise<ParticipantView[]> {
    return [
      {
        name: 'inventory',
        commands: ['reserve-inventory'],
        compensations: ['release-inventory'],
        instances: ['host:1'],
        lastSeenAt: '2026-11-01T00:00:00.000Z',
        queue: null,
      },
    ];
  }

  /** Knows `inventory` only (and keeps it: these tests are about input handling). */
  async remove(name: string): Promise<void> {
    if (name !== 'inventory') throw new ParticipantNotFoundError(name);
  }
}

/** A monitor store with no sagas: the API's validation is what these tests are about. */
class EmptySagaMonitorStore extends SagaMonitorStore {
  async counts(): Promise<StoredSagaCounts> {
    return { byStatus: {}, needsAttention: 0 };
  }
  async changedSince(): Promise<SagaChanges> {
    return { sagas: [], readAt: new Date().toISOString() };
  }
}

/** An audit store that keeps nothing. */
class DiscardingAuditStore extends AuditStore {
  async insertIfAbsent(): Promise<boolean> {
    return true;
  }
  async list(): Promise<StoredAuditEntry[]> {
    return [];
  }
  writerIn(): AuditWriter {
    return { recordAudit: async () => undefined };
  }
}

/** No webhook subscriptions: these tests check input handling, which refuses before the store is asked. */
class EmptyWebhookStore extends WebhookStore {
  create(): Promise<null> {
    return Promise.reject(new Error('webhook creation is not part of the in-memory API tests'));
  }
  list = async (): Promise<[]> => [];
  get = async (): Promise<undefined> => undefined;
  remove = async (): Promise<boolean> => false;
  enable = async (): Promise<undefined> => undefined;
  fanOut = async (): Promise<number> => 0;
  claimDue = async (): Promise<[]> => [];
  recordAttempt = async (): Promise<void> => undefined;
  listDeliveries = async (): Promise<[]> => [];
}

/** No bulk operations: these tests check input handling, which refuses before the service is asked. */
const NoBulkOperations = {
  dryRun: () => Promise.reject(new Error('bulk operations are not part of the in-memory API tests')),
  create: () => Promise.reject(new Error('bulk operations are not part of the in-memory API tests')),
  get: (id: string) => Promise.reject(new BulkOperationNotFoundError(id)),
  list: async () => [],
  items: (id: string) => Promise.reject(new BulkOperationNotFoundError(id)),
  cancel: (id: string) => Promise.reject(new BulkOperationNotFoundError(id)),
} satisfies Partial<BulkOperationService>;

/** Provides the three services globally, as the composition root's orchestration module will. */
export function inMemoryServicesModule(sagaService: InMemorySagaService) {
  @Global()
  @Module({
    providers: [
      { provide: SagaService, useValue: sagaService },
      { provide: DefinitionCatalogService, useValue: new InMemoryDefinitionCatalog() },
      { provide: ParticipantDirectoryService, useValue: new InMemoryParticipantDirectory() },
      // Auth off, as AUTH_DISABLED=true: these tests are about input handling (auth has its own suite).
      {
        provide: ApiKeyAuthenticator,
        useValue: { disabled: true, authenticate: async () => ({ kind: 'authenticated', principal: AuthDisabledPrincipal }) },
      },
      { provide: AuditTrailService, useValue: new AuditTrailService(new DiscardingAuditStore()) },
      { provide: SagaCountsService, useValue: new SagaCountsService(new EmptySagaMonitorStore()) },
      { provide: SagaChangeFeed, useValue: new SagaChangeFeed(new EmptySagaMonitorStore()) },
      {
        provide: WebhookService,
        useValue: new WebhookService(new EmptyWebhookStore(), new AuditTrailService(new DiscardingAuditStore()), loadAppConfig({})),
      },
      { provide: BulkOperationService, useValue: NoBulkOperations },
      // No saga ever settles behind these tests' back: a feed that never notifies.
      { provide: SagaSettledFeed, useValue: { subscribe: () => () => undefined } },
      {
        provide: SagaOutcomeWaiter,
        inject: [SagaSettledFeed, AuditTrailService],
        useFactory: (feed: SagaSettledFeed, audit: AuditTrailService) => new SagaOutcomeWaiter(feed, loadAppConfig({}), audit),
      },
    ],
    exports: [
      SagaOutcomeWaiter,
      SagaCountsService,
      SagaChangeFeed,
      SagaService,
      DefinitionCatalogService,
      ParticipantDirectoryService,
      ApiKeyAuthenticator,
      AuditTrailService,
      WebhookService,
      BulkOperationService,
    ],
  })
  class InMemoryServicesModule {}
  return InMemoryServicesModule;
}
