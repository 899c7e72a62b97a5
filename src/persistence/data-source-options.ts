import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { InitialSchema1763780000000 } from '../../migrations/1763780000000-initial-schema.js';
import { ApiKeysAndAudit1764000000000 } from '../../migrations/1764000000000-api-keys-and-audit.js';
import { SagaTraceContext1764100000000 } from '../../migrations/1764100000000-saga-trace-context.js';
import { SagaParentLink1764200000000 } from '../../migrations/1764200000000-saga-parent-link.js';
import { OutboxUnsentMessageId1764220000000 } from '../../migrations/1764220000000-outbox-unsent-message-id.js';
import { DashboardIndexes1764230000000 } from '../../migrations/1764230000000-dashboard-indexes.js';
import { ParticipantBrokerUser1764250000000 } from '../../migrations/1764250000000-participant-broker-user.js';
import { Webhooks1764400000000 } from '../../migrations/1764400000000-webhooks.js';
import { Retention1764500000000 } from '../../migrations/1764500000000-retention.js';
import { BulkOperations1764600000000 } from '../../migrations/1764600000000-bulk-operations.js';
import { SagaStatusCounts1764700000000 } from '../../migrations/1764700000000-saga-status-counts.js';
import { WebhookFanOutWithoutInbox1764800000000 } from '../../migrations/1764800000000-webhook-fan-out-without-inbox.js';
import { HousekeepingJobs1764900000000 } from '../../migrations/1764900000000-housekeeping-jobs.js';
import { WebhookDeliveryRetention1765000000000 } from '../../migrations/1765000000000-webhook-delivery-retention.js';
import { InboxMessageEntity } from './entities/inbox-message.entity.js';
import { OutboxMessageEntity } from './entities/outbox-message.entity.js';
import { ParticipantEntity } from './entities/participant.entity.js';
import { SagaDefinitionEntity } from './entities/saga-definition.entity.js';
import { SagaEventEntity } from './entities/saga-event.entity.js';
import { SagaTimerEntity } from './entities/saga-timer.entity.js';
import { SagaEntity } from './entities/saga.entity.js';
import { FailFastPgClient, queryReadTimeoutMs } from './fail-fast-pg.client.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export const Entities = [
  SagaEntity,
  SagaEventEntity,
  OutboxMessageEntity,
  InboxMessageEntity,
  SagaTimerEntity,
  SagaDefinitionEntity,
  ParticipantEntity,
];

/**
 * Migrations as classes rather than a `dist/migrations/*.js` glob: the same list then works
 * from the built app, the TypeORM CLI and the TypeScript test runner. Add new ones here.
 */
export const Migrations = [
  InitialSchema1763780000000,
  ApiKeysAndAudit1764000000000,
  SagaTraceContext1764100000000,
  SagaParentLink1764200000000,
  OutboxUnsentMessageId1764220000000,
  DashboardIndexes1764230000000,
  ParticipantBrokerUser1764250000000,
  Webhooks1764400000000,
  Retention1764500000000,
  BulkOperations1764600000000,
  SagaStatusCounts1764700000000,
  WebhookFanOutWithoutInbox1764800000000,
  HousekeepingJobs1764900000000,
  WebhookDeliveryRetention1765000000000,
];

export interface DataSourceSettings {
  readonly url: string;
  readonly poolSize: number;
  /** `statement_timeout` of every pooled connection; PostgreSQL's default (none) when absent. */
  readonly statementTimeoutMs?: number;
  /** `idle_in_transaction_session_timeout` of every pooled connection; none when absent. */
  readonly idleInTransactionTimeoutMs?: number;
}

/** The data source settings of a validated configuration (URL, pool size, timeouts). */
export function dataSourceSettings(config: AppConfig): DataSourceSettings {
  return {
    url: config.databaseUrl,
    poolSize: config.databasePoolSize,
    statementTimeoutMs: config.databaseStatementTimeoutMs,
    idleInTransactionTimeoutMs: config.databaseIdleInTransactionTimeoutMs,
  };
}

/** The one options object shared by the app (TypeOrmModule) and the TypeORM CLI. */
export function createDataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: Entities,
    migrations: Migrations,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    namingStrategy: new SnakeNamingStrategy(),
    logging: ['error', 'warn', 'migration'],
    // Fail fast when PostgreSQL is down instead of hanging a request.
    // Bound every statement and every idle open transaction: a runaway query or a stuck client
    // must not hold a pooled connection (and its row locks) for ever.
    extra: {
      max: settings.poolSize,
      connectionTimeoutMillis: 5000,
      // A half-open connection (the network went silent) answers nothing, ever: the client gives
      // up after query_timeout and FailFastPgClient drops the socket so the pool never reuses it.
      // TCP keepalive finds dead idle connections to a vanished host.
      query_timeout: queryReadTimeoutMs(settings.statementTimeoutMs),
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      Client: FailFastPgClient,
      ...(settings.statementTimeoutMs === undefined ? {} : { statement_timeout: settings.statementTimeoutMs }),
      ...(settings.idleInTransactionTimeoutMs === undefined ? {} : { idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs }),
    },
  };
}
