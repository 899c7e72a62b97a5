import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The link from a child saga to the parent saga and child node that started it: shown by the
 * API and indexed so a parent's children can be found. The child's id is derived from the
 * parent's id and node (uuid v5), so a redelivered trigger can never create a second child.
 */
export class SagaParentLink1764200000000 implements MigrationInterface {
  name = 'SagaParentLink1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE saga ADD COLUMN parent_saga_id uuid REFERENCES saga (id), ADD COLUMN parent_step text`);
    await queryRunner.query(`CREATE INDEX saga_parent_saga_id_idx ON saga (parent_saga_id) WHERE parent_saga_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX saga_parent_saga_id_idx`);
    await queryRunner.query(`ALTER TABLE saga DROP COLUMN parent_step, DROP COLUMN parent_saga_id`);
  }
}
