import { Module } from '@nestjs/common';
import { BulkOperationWorker } from './bulk-operation-worker.service.js';

/**
 * The bulk operations' worker, over the bulk operation service (global, from the orchestration
 * module). Only the composition root runs it: test applications act on items when they choose.
 */
@Module({ providers: [BulkOperationWorker] })
export class BulkOperationWorkerModule {}
