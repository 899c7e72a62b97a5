import { WebhooksController } from './webhooks/webhooks.controller.js';
import { BulkOperationsController } from './bulk-operations/bulk-operations.controller.js';
import { Module, type DynamicModule, type ForwardReference, type Type } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig, loadAppConfig } from '../config/app-config.js';
import { AuditController } from './audit/audit.controller.js';
import { ApiAccessGuard } from './auth/api-access.guard.js';
import { ApiRateLimitGuard } from './auth/api-rate-limit.guard.js';
import { AuditInterceptor } from './auth/audit.interceptor.js';
import { DefinitionsController } from './definitions/definitions.controller.js';
import { ParticipantsController } from './participants/participants.controller.js';
import { SagaMonitorController } from './sagas/saga-monitor.controller.js';
import { SagaStreamSlots } from './sagas/saga-stream-slots.service.js';
import { SagasController } from './sagas/sagas.controller.js';

/** A module that provides and exports the three application services. */
type ServicesModule = Type<unknown> | DynamicModule | Promise<DynamicModule> | ForwardReference;

/**
 * The REST API: controllers, the global access guard (API key, scope, rate limit) and the audit
 * interceptor. They inject `SagaService`, `DefinitionCatalogService`, `ParticipantDirectoryService`,
 * `WebhookService`, `BulkOperationService`, `ApiKeyAuthenticator` and `AuditTrailService`: import `ApiModule` as is when a global module
 * provides them, or `ApiModule.withServicesFrom(OrchestrationModule)` otherwise. Without an
 * authenticator every `/v1` request is refused. Call `setupHttp(app)` for parsers, problem+json
 * errors and the docs.
 */
@Module({
  imports: [
    // Per-key rate limit (RATE_LIMIT_PER_KEY per RATE_LIMIT_WINDOW_MS); the schema defaults without a config.
    ThrottlerModule.forRootAsync({
      inject: [{ token: AppConfig, optional: true }],
      useFactory: (config?: AppConfig) => {
        const { rateLimitPerKey, rateLimitWindowMs } = config ?? loadAppConfig({});
        return { throttlers: [{ name: 'per-key', limit: rateLimitPerKey, ttl: rateLimitWindowMs }] };
      },
    }),
  ],
  controllers: [
    SagaMonitorController,
    SagasController,
    DefinitionsController,
    ParticipantsController,
    AuditController,
    WebhooksController,
    BulkOperationsController,
  ],
  providers: [
    ApiRateLimitGuard,
    SagaStreamSlots,
    // Global: every route is checked; only /v1 routes need (and must declare) a scope.
    { provide: APP_GUARD, useClass: ApiAccessGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
})
export class ApiModule {
  /** The API with its services taken from `servicesModule` (which must export them). */
  static withServicesFrom(servicesModule: ServicesModule): DynamicModule {
    return { module: ApiModule, imports: [servicesModule] };
  }
}
