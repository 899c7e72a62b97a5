import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the dashboard's queries need, measured with EXPLAIN ANALYZE on 100,000 sagas
 * (test/integration/dashboard/dashboard-queries.test.ts). Every decision rewrites a saga row
 * (state, last_seq, updated_at): none of those columns is indexed, so such updates stay HOT.
 * `status` was indexed already, and `input` and `created_at` never change.
 */
export class DashboardIndexes1764230000000 implements MigrationInterface {
  name = 'DashboardIndexes1764230000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      -- Search by an input field (input @> '{"orderId":"1001"}'); jsonb_path_ops: only @> is needed.
      CREATE INDEX saga_input_idx ON saga USING gin (input jsonb_path_ops);
      -- "Needs attention" and its count: only unfinished sagas, newest first. Small, and only a
      -- status change (a few per saga, which already updates saga_status_newest_idx) touches it.
      CREATE INDEX saga_unfinished_newest_idx ON saga (created_at DESC, id DESC)
        WHERE status IN ('RUNNING', 'COMPENSATING', 'COMPENSATION_FAILED');
      -- The live stream's poll: step-log rows newer than an instant. The log is append-only and
      -- written in time order, so a BRIN index is tiny and almost free to maintain.
      CREATE INDEX saga_event_at_brin_idx ON saga_event USING brin (at);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP INDEX saga_event_at_brin_idx;
      DROP INDEX saga_unfinished_newest_idx;
      DROP INDEX saga_input_idx;
    `);
  }
}
