import { Module, type DynamicModule, type ForwardReference, type Type } from '@nestjs/common';
import { DefinitionsController } from './definitions/definitions.controller.js';
import { ParticipantsController } from './participants/participants.controller.js';
import { SagasController } from './sagas/sagas.controller.js';

/** A module that provides and exports the three application services. */
type ServicesModule = Type<unknown> | DynamicModule | Promise<DynamicModule> | ForwardReference;

/**
 * The REST API: controllers only. They inject `SagaService`, `DefinitionCatalogService` and
 * `ParticipantDirectoryService`: import `ApiModule` as is when a global module provides them, or
 * `ApiModule.withServicesFrom(OrchestrationModule)` otherwise. Call `setupHttp(app)` for
 * parsers, problem+json errors and the docs.
 */
@Module({
  controllers: [SagasController, DefinitionsController, ParticipantsController],
})
export class ApiModule {
  /** The API with its services taken from `servicesModule` (which must export them). */
  static withServicesFrom(servicesModule: ServicesModule): DynamicModule {
    return { module: ApiModule, imports: [servicesModule] };
  }
}
