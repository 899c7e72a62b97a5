import { Global, Module } from '@nestjs/common';
import { AuditTrailService } from '../../orchestration/audit/audit-trail.service.js';
import { DefinitionCatalogService } from '../../orchestration/definitions/definition-catalog.service.js';
import { SagaChangeFeed } from '../../orchestration/monitoring/saga-change-feed.service.js';
import { SagaCountsService } from '../../orchestration/monitoring/saga-counts.service.js';
import { ParticipantDirectoryService } from '../../orchestration/participants/participant-directory.service.js';
import { SagaOutcomeWaiter } from '../../orchestration/outcomes/saga-outcome-waiter.service.js';
import { SagaService } from '../../orchestration/sagas/saga.service.js';
import { WebhookService } from '../../orchestration/webhooks/webhook.service.js';
import { BulkOperationService } from '../../orchestration/bulk/bulk-operation.service.js';
import { ApiModule } from '../api.module.js';

/**
 * Placeholders for the application services: generating the document reads only controller
 * metadata, so the API can be described without a database or a broker.
 */
@Global()
@Module({
  providers: [
    { provide: SagaService, useValue: {} },
    { provide: DefinitionCatalogService, useValue: {} },
    { provide: ParticipantDirectoryService, useValue: {} },
    { provide: AuditTrailService, useValue: {} },
    { provide: SagaCountsService, useValue: {} },
    { provide: SagaChangeFeed, useValue: {} },
    { provide: WebhookService, useValue: {} },
    { provide: BulkOperationService, useValue: {} },
    { provide: SagaOutcomeWaiter, useValue: {} },
  ],
  exports: [
    SagaService,
    DefinitionCatalogService,
    ParticipantDirectoryService,
    AuditTrailService,
    SagaCountsService,
    SagaChangeFeed,
    WebhookService,
    BulkOperationService,
    SagaOutcomeWaiter,
  ],
})
class DocumentOnlyServicesModule {}

/** The API alone, for exporting its OpenAPI document offline. */
@Module({ imports: [DocumentOnlyServicesModule, ApiModule] })
export class OpenApiExportModule {}
