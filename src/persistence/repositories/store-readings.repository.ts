import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { StoreReadings } from '../../observability/store-readings.port.js';
import { OutboxStore } from '../../runtime/ports/outbox-store.port.js';
import { SagaStatuses } from '../../saga-engine/state/saga-status.js';
import { toStoreError } from './store-access.util.js';

/** Statuses of sagas that are not finished. */
const UnfinishedStatuses = [SagaStatuses.RUNNING, SagaStatuses.COMPENSATING, SagaStatuses.COMPENSATION_FAILED];

/** `StoreReadings` on PostgreSQL: one grouped query on the status index, and the outbox backlog. */
@Injectable()
export class StoreReadingsRepository extends StoreReadings {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxStore,
  ) {
    super();
  }

  async inFlightSagas(): Promise<{ definition: string; status: string; count: number }[]> {
    try {
      return await this.dataSource.query<{ definition: string; status: string; count: number }[]>(
        `SELECT definition_name AS definition, status, count(*)::int AS count
         FROM saga WHERE status = ANY($1::text[]) GROUP BY definition_name, status`,
        [UnfinishedStatuses],
      );
    } catch (error) {
      throw toStoreError(error);
    }
  }

  outboxBacklog(): Promise<{ count: number; oldestAgeMs: number | null }> {
    return this.outbox.backlog();
  }
}
