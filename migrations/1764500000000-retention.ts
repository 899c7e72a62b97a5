import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (docs/retention.md): when a saga finished, and the indexes that let housekeeping's
 * batches find what it may delete without scanning. `finished_at` is written once, by the
 * statement that makes a saga COMPLETED or COMPENSATED (a status change, never a HOT update
 * anyway); while it stays null the index on it does not stop the hot path's updates being HOT.
 */
export class Retention1764500000000 implements MigrationInterface {
  name = 'Retention1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE saga ADD COLUMN finished_at timestamptz;
      -- Sagas that finished before this column: their last change is when they finished.
      UPDATE saga SET finished_at = updated_at WHERE status IN ('COMPLETED', 'COMPENSATED');
      -- Housekeeping's batch: per definition version (each has its retention), the earliest finished first.
      CREATE INDEX saga_finished_idx ON saga (definition_name, definition_version, finished_at)
        WHERE finished_at IS NOT NULL;
      -- A saga's inbox rows go with it (deleted by saga id, in the saga's own batch).
      CREATE INDEX inbox_message_saga_id_idx ON inbox_message (saga_id);
      -- Sent outbox rows, oldest confirm first.
      CREATE INDEX outbox_message_sent_idx ON outbox_message (sent_at) WHERE sent_at IS NOT NULL;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP INDEX IF EXISTS outbox_message_sent_idx;
      DROP INDEX IF EXISTS inbox_message_saga_id_idx;
      DROP INDEX IF EXISTS saga_finished_idx;
      ALTER TABLE saga DROP COLUMN IF EXISTS finished_at;
    `);
  }
}
