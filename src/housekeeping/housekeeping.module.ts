import { Module } from '@nestjs/common';
import { HousekeepingService } from './housekeeping.service.js';

/**
 * Retention and housekeeping (docs/retention.md): the sweep every replica runs, over the
 * housekeeping store (global, from persistence) and the saga archive it hands finished sagas to
 * (global, from the archive module: files in ARCHIVE_DIR, or none).
 */
@Module({ providers: [HousekeepingService], exports: [HousekeepingService] })
export class HousekeepingModule {}
