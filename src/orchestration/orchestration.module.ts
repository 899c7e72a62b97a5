import { WebhookService } from './webhooks/webhook.service.js';
import { BulkOperationService } from './bulk/bulk-operation.service.js';
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { DefinitionSource } from '../runtime/ports/definition-source.port.js';
import { RuntimeModule } from '../runtime/runtime.module.js';
import { AuditTrailService } from './audit/audit-trail.service.js';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator.service.js';
import { ApiKeyService } from './auth/api-key.service.js';
import { CatalogDefinitionSource } from './definitions/catalog-definition-source.adapter.js';
import { DefinitionCatalogService } from './definitions/definition-catalog.service.js';
import { readInitialDefinitionsFile } from './definitions/initial-definitions-file.reader.js';
import { INITIAL_SAGA_DEFINITIONS, type InitialSagaDefinitions } from './definitions/initial-definitions.token.js';
import { DefinitionJsonValidator } from './input/definition-json-validator.js';
import { SagaInputValidator } from './input/saga-input-validator.js';
import { InFlightSagaLimit } from './limits/in-flight-saga-limit.service.js';
import { SagaChangeFeed } from './monitoring/saga-change-feed.service.js';
import { SagaCountsService } from './monitoring/saga-counts.service.js';
import { SagaOutcomeWaiter } from './outcomes/saga-outcome-waiter.service.js';
import { ParticipantDirectoryService } from './participants/participant-directory.service.js';
import { ParticipantIdentities } from './participants/participant-identities.service.js';
import { PayloadRedactionService } from './redaction/payload-redaction.service.js';
import { SagaService } from './sagas/saga.service.js';

const services = [
  ApiKeyAuthenticator,
  ApiKeyService,
  AuditTrailService,
  InFlightSagaLimit,
  SagaInputValidator,
  DefinitionJsonValidator,
  DefinitionCatalogService,
  { provide: DefinitionSource, useClass: CatalogDefinitionSource },
  ParticipantDirectoryService,
  ParticipantIdentities,
  SagaService,
  PayloadRedactionService,
  SagaCountsService,
  SagaChangeFeed,
  WebhookService,
  BulkOperationService,
  SagaOutcomeWaiter,
];

/** Options of `OrchestrationModule.forRoot`. */
export interface OrchestrationModuleOptions {
  /**
   * Registered at start-up when missing from the store. Absent: the definitions of the file
   * `INITIAL_DEFINITIONS_FILE` names (none when it is empty). Test applications pass their own.
   */
  readonly initialDefinitions?: InitialSagaDefinitions;
}

/** The definitions to register at start-up: given ones, else those of the configured file. */
function initialDefinitionsProvider(options: OrchestrationModuleOptions): Provider {
  if (options.initialDefinitions !== undefined) return { provide: INITIAL_SAGA_DEFINITIONS, useValue: options.initialDefinitions };
  return {
    provide: INITIAL_SAGA_DEFINITIONS,
    inject: [AppConfig],
    useFactory: (config: AppConfig): InitialSagaDefinitions => readInitialDefinitionsFile(config.initialDefinitionsFile),
  };
}

/**
 * The application services, on the runtime (imported here: every change goes through it) and on
 * the persistence ports. Global so that the API and messaging reach them without importing this
 * module. Provides the runtime's `DefinitionSource`. Needs the persistence ports, the
 * observability ports and `AppConfig` from the composition root.
 */
@Module({})
export class OrchestrationModule {
  static forRoot(options: OrchestrationModuleOptions = {}): DynamicModule {
    return {
      module: OrchestrationModule,
      global: true,
      imports: [RuntimeModule],
      providers: [...services, initialDefinitionsProvider(options)],
      exports: [
        ApiKeyAuthenticator,
        ApiKeyService,
        AuditTrailService,
        DefinitionCatalogService,
        DefinitionSource,
        ParticipantDirectoryService,
        ParticipantIdentities,
        SagaService,
        SagaCountsService,
        SagaChangeFeed,
        WebhookService,
        BulkOperationService,
        SagaOutcomeWaiter,
      ],
    };
  }
}
