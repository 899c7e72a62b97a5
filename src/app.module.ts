import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { HousekeepingModule } from './housekeeping/housekeeping.module.js';
import { ApiModule } from './api/api.module.js';
import { SagaArchiveModule } from './archive/saga-archive.module.js';
import type { AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/app-config.module.js';
import { loggerParams } from './config/logger-params.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { HealthModule } from './observability/health/health.module.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { traceLogFields } from './observability/tracing/trace-log-fields.mapper.js';
import { OrchestrationModule } from './orchestration/orchestration.module.js';
import { PersistenceModule } from './persistence/persistence.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { BulkOperationWorkerModule } from './orchestration/bulk/bulk-operation-worker.module.js';

/**
 * The composition root: the only module that sees every layer. The configuration main.ts parsed,
 * logs (with the active trace id on every line), PostgreSQL (migrations at start), metrics and
 * tracing, the application services and the runtime under them, RabbitMQ (outbox relay + inbound
 * consumer), the webhook delivery and bulk operation workers, housekeeping, health and the REST API.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, traceLogFields)),
        PersistenceModule.forRoot(),
        // The ports the runtime, orchestration and messaging report to: metrics at /metrics, traces and log fields.
        ObservabilityModule.forRoot({ prometheus: true, openTelemetry: true }),
        // Definitions registered at start-up come from INITIAL_DEFINITIONS_FILE: the service ships none.
        OrchestrationModule.forRoot(),
        // The SagaArchive port (global): files in ARCHIVE_DIR, or none.
        SagaArchiveModule,
        MessagingModule,
        // Sends webhook deliveries (signed, retried, each attempt recorded).
        WebhooksModule,
        // Retention: deletes finished sagas past their retention and sent outbox rows (every replica).
        HousekeepingModule,
        // Acts on the pending items of bulk operator actions (one runtime transaction per saga).
        BulkOperationWorkerModule,
        HealthModule.forRoot({ brokerProbeFrom: MessagingModule }),
        ApiModule,
      ],
    };
  }
}
