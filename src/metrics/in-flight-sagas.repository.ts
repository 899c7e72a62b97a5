import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SagaStatuses } from '../saga-engine/state/saga-status.js';

/** Statuses of sagas that are not finished. */
const UnfinishedStatuses = [SagaStatuses.RUNNING, SagaStatuses.COMPENSATING, SagaStatuses.COMPENSATION_FAILED];

/** Counts unfinished sagas for the in-flight gauge: one grouped query on the status index. */
@Injectable()
export class InFlightSagasRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async countByDefinitionAndStatus(): Promise<{ definition: string; status: string; count: number }[]> {
    const rows = (await this.dataSource.query(
      `SELECT definition_name AS definition, status, count(*)::int AS count
       FROM saga WHERE status = ANY($1::text[]) GROUP BY definition_name, status`,
      [UnfinishedStatuses],
    )) as { definition: string; status: string; count: number }[];
    return rows;
  }
}
