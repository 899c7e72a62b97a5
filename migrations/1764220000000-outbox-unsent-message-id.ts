import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox rows are marked sent by message id (a reply marks the command it answers; the relay's
 * batched marks): a partial index over the unsent rows keeps those updates to index lookups.
 */
export class OutboxUnsentMessageId1764220000000 implements MigrationInterface {
  name = 'OutboxUnsentMessageId1764220000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX outbox_message_unsent_message_id_idx ON outbox_message (message_id) WHERE sent_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX outbox_message_unsent_message_id_idx`);
  }
}
