import { Module } from '@nestjs/common';
import { HousekeepingService } from './housekeeping.service.js';
import { SagaArchiveProvider } from './saga-archive.provider.js';

/**
 * Retention and housekeeping (docs/retention.md): the sweep every replica runs, over the
 * housekeeping store (global, from persistence) and the saga archive it hands finished sagas to.
 */
@Module({ providers: [HousekeepingService, SagaArchiveProvider], exports: [HousekeepingService] })
export class HousekeepingModule {}
