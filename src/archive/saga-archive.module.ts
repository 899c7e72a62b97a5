import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { NoSagaArchive, SagaArchive } from '../orchestration/ports/saga-archive.port.js';
import { SagaService } from '../orchestration/sagas/saga.service.js';
import { FileSagaArchive } from './file-saga-archive.js';
import { SagaServiceSource } from './saga-service.source.js';

/** The archive the configuration asks for: files in ARCHIVE_DIR, or none when it is empty. */
export function sagaArchiveFor(config: AppConfig, sagas: SagaService): SagaArchive {
  if (config.archiveDir === '') return new NoSagaArchive();
  return new FileSagaArchive(new SagaServiceSource(sagas), { dir: config.archiveDir, maxFileBytes: config.archiveFileMaxBytes });
}

/**
 * Provides the `SagaArchive` port (global: housekeeping injects it without importing this
 * module). Needs `AppConfig` and the orchestration module's `SagaService`. Object storage would
 * be another implementation of the port, chosen here.
 */
@Global()
@Module({
  providers: [{ provide: SagaArchive, inject: [AppConfig, SagaService], useFactory: sagaArchiveFor }],
  exports: [SagaArchive],
})
export class SagaArchiveModule {}
