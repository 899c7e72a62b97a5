import type { Provider } from '@nestjs/common';
import { NoSagaArchive, SagaArchive } from '../orchestration/ports/saga-archive.port.js';

/**
 * Where housekeeping sends finished sagas before it deletes them. No archive is configured yet:
 * retention deletes without keeping a copy. An archive implementation replaces this provider
 * (one place), e.g. a factory choosing the file archive when `ARCHIVE_DIR` is set.
 */
export const SagaArchiveProvider: Provider = { provide: SagaArchive, useClass: NoSagaArchive };
