import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type SagaChanges, SagaMonitorStore, type StoredSagaCounts } from '../../orchestration/ports/saga-monitor-store.port.js';
import type { SagaStatus } from '../../saga-engine/state/saga-status.js';
import { NEEDS_ATTENTION_SQL } from './needs-attention.sql.js';
import { queryStore } from './store-access.util.js';
import { iso, SAGA_SUMMARY_COLUMNS, type SagaSummaryRow, toStoredSagaSummary } from './sql-rows.util.js';

/** Sagas per status, summed over definitions and shards of `saga_status_count`. */
export const SAGA_STATUS_COUNTS_SQL = 'SELECT status, sum(n) AS count FROM saga_status_count GROUP BY status HAVING sum(n) <> 0';

/** How far back the first poll of a stream looks when it has no instant yet. */
const FIRST_POLL_LOOKBACK = '5 seconds';

/** `SagaMonitorStore` on PostgreSQL; each query is served by an index of the dashboard migration. */
@Injectable()
export class SagaMonitorRepository extends SagaMonitorStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async counts(runningLongerThanMs: number): Promise<StoredSagaCounts> {
    const [byStatus, attention] = await Promise.all([
      // The trigger-maintained counters (migration 1764700000000): a few rows per definition and
      // status, however many sagas there are.
      queryStore<{ status: SagaStatus; count: string }[]>(this.dataSource, SAGA_STATUS_COUNTS_SQL, []),
      // Bounded by the unfinished sagas: the partial index saga_unfinished_newest_idx.
      queryStore<{ count: string }[]>(
        this.dataSource,
        `SELECT count(*) AS count FROM saga WHERE ${NEEDS_ATTENTION_SQL.replaceAll('$threshold', '$1')}`,
        [runningLongerThanMs],
      ),
    ]);
    return {
      byStatus: Object.fromEntries(byStatus.map((row) => [row.status, Number(row.count)])),
      needsAttention: Number(attention[0]?.count ?? 0),
    };
  }

  async changedSince(since: string | null, limit: number): Promise<SagaChanges> {
    const rows = await queryStore<(SagaSummaryRow & { read_at: Date })[]>(
      this.dataSource,
      `SELECT ${SAGA_SUMMARY_COLUMNS}, clock_timestamp() AS read_at
       FROM saga
       WHERE id IN (SELECT saga_id FROM saga_event WHERE at > COALESCE($1::timestamptz, now() - interval '${FIRST_POLL_LOOKBACK}'))
       ORDER BY updated_at
       LIMIT $2`,
      [since, limit],
    );
    const readAt = rows[0]?.read_at ?? (await queryStore<{ now: Date }[]>(this.dataSource, 'SELECT clock_timestamp() AS now', []))[0]!.now;
    return { sagas: rows.map(toStoredSagaSummary), readAt: iso(readAt) };
  }
}
