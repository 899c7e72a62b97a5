import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AuditTrailService } from './audit/audit-trail.service.js';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator.service.js';
import { ApiKeyService } from './auth/api-key.service.js';
import { ChildSagaStarter } from './child-sagas/child-saga-starter.service.js';
import { DefinitionCatalogService } from './definition-catalog.service.js';
import { InFlightSagaLimit } from './limits/in-flight-saga-limit.service.js';
import { readInitialDefinitionsFile } from './initial-definitions-file.util.js';
import { INITIAL_SAGA_DEFINITIONS, type InitialSagaDefinitions } from './initial-definitions.token.js';
import { DefinitionJsonValidator } from './input/definition-json-validator.js';
import { SagaInputValidator } from './input/saga-input-validator.js';
import { ParticipantDirectoryService } from './participant-directory.service.js';
import { InboundMessageHandler } from './ports/reply-handler.port.js';
import { SagaRuntimeService } from './saga-runtime.service.js';
import { SagaChangeFeed } from './monitoring/saga-change-feed.service.js';
import { SagaCountsService } from './monitoring/saga-counts.service.js';
import { PayloadRedactionService } from './redaction/payload-redaction.service.js';
import { SagaService } from './saga.service.js';
import { TimerSchedulerService } from './timer-scheduler.service.js';

const services = [
  ApiKeyAuthenticator,
  ApiKeyService,
  AuditTrailService,
  InFlightSagaLimit,
  SagaInputValidator,
  DefinitionJsonValidator,
  DefinitionCatalogService,
  ParticipantDirectoryService,
  ChildSagaStarter,
  SagaRuntimeService,
  { provide: InboundMessageHandler, useExisting: SagaRuntimeService },
  SagaService,
  PayloadRedactionService,
  SagaCountsService,
  SagaChangeFeed,
  TimerSchedulerService,
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
 * The application services. Global so that the API, messaging and health modules reach them
 * without importing this module (messaging also feeds it: an import would be a cycle).
 * Needs the persistence ports (SagaStore, DefinitionStore, ParticipantStore) and AppConfig
 * from the composition root.
 */
@Module({})
export class OrchestrationModule {
  static forRoot(options: OrchestrationModuleOptions = {}): DynamicModule {
    return {
      module: OrchestrationModule,
      global: true,
      providers: [...services, initialDefinitionsProvider(options)],
      exports: [
        ApiKeyAuthenticator,
        ApiKeyService,
        AuditTrailService,
        DefinitionCatalogService,
        ParticipantDirectoryService,
        SagaRuntimeService,
        InboundMessageHandler,
        SagaService,
        SagaCountsService,
        SagaChangeFeed,
        TimerSchedulerService,
      ],
    };
  }
}
