import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The broker user a participant is bound to: the verified AMQP user-id of its first
 * announcement (docs/security.md). Null for participants announced before this column existed:
 * their next announcement binds them.
 */
export class ParticipantBrokerUser1764250000000 implements MigrationInterface {
  name = 'ParticipantBrokerUser1764250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE participant ADD COLUMN broker_user text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE participant DROP COLUMN broker_user`);
  }
}
