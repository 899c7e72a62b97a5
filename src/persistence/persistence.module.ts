import { WebhookStore } from '../orchestration/ports/webhook-store.port.js';
import { WebhookRepository } from './repositories/webhook.repository.js';
import { BulkOperationStore } from '../orchestration/ports/bulk-operation-store.port.js';
import { BulkOperationRepository } from './repositories/bulk-operation.repository.js';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { StoreReadings } from '../observability/store-readings.port.js';
import { ApiKeyStore } from '../orchestration/ports/api-key-store.port.js';
import { AuditStore } from '../orchestration/ports/audit-store.port.js';
import { DefinitionStore } from '../orchestration/ports/definition-store.port.js';
import { OutboxStore } from '../runtime/ports/outbox-store.port.js';
import { ParticipantStore } from '../orchestration/ports/participant-store.port.js';
import { SagaMonitorStore } from '../orchestration/ports/saga-monitor-store.port.js';
import { SagaSettledFeed } from '../orchestration/ports/saga-settled-feed.port.js';
import { SagaStore } from '../runtime/ports/saga-store.port.js';
import { createDataSourceOptions, dataSourceSettings, Entities } from './data-source-options.js';
import { ensureDatabaseExists } from './ensure-database.util.js';
import { initializeDataSource } from './run-migrations-exclusively.util.js';
import { ApiKeyRepository } from './repositories/api-key.repository.js';
import { AuditRepository } from './repositories/audit.repository.js';
import { DefinitionRepository } from './repositories/definition.repository.js';
import { OutboxRepository } from './repositories/outbox.repository.js';
import { ParticipantRepository } from './repositories/participant.repository.js';
import { SagaMonitorRepository } from './repositories/saga-monitor.repository.js';
import { PostgresSagaSettledFeed } from './repositories/postgres-saga-settled.feed.js';
import { SagaRepository } from './repositories/saga.repository.js';
import { StoreReadingsRepository } from './repositories/store-readings.repository.js';

import { HousekeepingStore } from '../orchestration/ports/housekeeping-store.port.js';
import { HousekeepingRepository } from './repositories/housekeeping.repository.js';
const ports = [
  { provide: SagaStore, useClass: SagaRepository },
  { provide: SagaMonitorStore, useClass: SagaMonitorRepository },
  { provide: OutboxStore, useClass: OutboxRepository },
  { provide: DefinitionStore, useClass: DefinitionRepository },
  { provide: ParticipantStore, useClass: ParticipantRepository },
  { provide: ApiKeyStore, useClass: ApiKeyRepository },
  { provide: AuditStore, useClass: AuditRepository },
  { provide: StoreReadings, useClass: StoreReadingsRepository },
  { provide: WebhookStore, useClass: WebhookRepository },
  { provide: BulkOperationStore, useClass: BulkOperationRepository },
  { provide: SagaSettledFeed, useClass: PostgresSagaSettledFeed },
  { provide: HousekeepingStore, useClass: HousekeepingRepository },
];

/**
 * PostgreSQL: creates the database if missing, applies the migrations at start-up and
 * provides the ports of the runtime (SagaStore, OutboxStore), the application services
 * (definition, participant, API key, audit and monitor stores) and observability
 * (StoreReadings) app-wide, so the composition root is the only place that wires them to
 * their implementation.
 */
@Module({})
export class PersistenceModule {
  static forRoot(): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: async (config: AppConfig) => {
            await ensureDatabaseExists(config.databaseUrl);
            return createDataSourceOptions(dataSourceSettings(config));
          },
          // Migrations at start-up, under a lock: several replicas may start at once.
          dataSourceFactory: async (options) => initializeDataSource(options!),
        }),
        TypeOrmModule.forFeature(Entities),
      ],
      providers: ports,
      exports: ports.map((port) => port.provide),
    };
  }
}
