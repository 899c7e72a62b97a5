import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk operator actions (docs/bulk-operations.md): one row per operation and one item per saga it
 * matched, written together when the operation is created (the snapshot: sagas created later never
 * join). Workers on every replica claim pending items with SKIP LOCKED and mark each one in the
 * transaction that acts on its saga.
 */
export class BulkOperations1764600000000 implements MigrationInterface {
  name = 'BulkOperations1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE bulk_operation (
        -- uuid v7: time-ordered, the keyset of the newest-first listing.
        id uuid PRIMARY KEY,
        action text NOT NULL CHECK (action IN ('cancel', 'retry', 'resolve')),
        -- The filter as the request gave it (the same fields as GET /v1/sagas).
        filter jsonb NOT NULL,
        -- resolve: the step marked undone by hand in every matched saga.
        step text,
        reason text CHECK (length(reason) <= 2000),
        status text NOT NULL DEFAULT 'RUNNING' CHECK (status IN ('RUNNING', 'COMPLETED', 'CANCELLED')),
        matched integer NOT NULL,
        -- Principal.id of the API key that created it; every saga's audit row names it.
        created_by text,
        request_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );

      CREATE TABLE bulk_operation_item (
        operation_id uuid NOT NULL REFERENCES bulk_operation (id) ON DELETE CASCADE,
        saga_id uuid NOT NULL,
        outcome text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'done', 'skipped', 'cancelled')),
        -- skipped: why the saga refused the action (e.g. no longer COMPENSATION_FAILED).
        detail text,
        done_at timestamptz,
        PRIMARY KEY (operation_id, saga_id)
      );
      -- The workers' claim: pending items of running operations.
      CREATE INDEX bulk_operation_item_pending_idx ON bulk_operation_item (operation_id, saga_id) WHERE outcome = 'pending';
      CREATE INDEX bulk_operation_running_idx ON bulk_operation (id) WHERE status = 'RUNNING';
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE IF EXISTS bulk_operation_item;
      DROP TABLE IF EXISTS bulk_operation;
    `);
  }
}
