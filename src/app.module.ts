import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ApiModule } from './api/api.module.js';
import { AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/app-config.module.js';
import { loggerParams } from './config/logger-params.js';
import { HealthModule } from './health/health.module.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OrchestrationModule } from './orchestration/orchestration.module.js';
import { PersistenceModule } from './persistence/persistence.module.js';
import { TracingModule } from './tracing/tracing.module.js';

/**
 * The composition root: the only module that sees every layer. Config first (validated env),
 * then PostgreSQL (migrations at start), the application services on its ports, RabbitMQ
 * (outbox relay + reply consumer), metrics and tracing, health and the REST API.
 */
@Module({
  imports: [
    AppConfigModule.forRoot(),
    LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerParams }),
    PersistenceModule.forRoot(),
    // Global ports the runtime and messaging report to (after commit): metrics at /metrics, traces and log fields.
    MetricsModule,
    TracingModule,
    // Definitions registered at start-up come from INITIAL_DEFINITIONS_FILE: the service ships none.
    OrchestrationModule.forRoot(),
    MessagingModule,
    HealthModule,
    ApiModule,
  ],
})
export class AppModule {}
