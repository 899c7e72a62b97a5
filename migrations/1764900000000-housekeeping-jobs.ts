import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each periodic housekeeping job last ran, shared by the replicas: the one whose claim moves
 * `last_run_at` runs the job, the others skip it until its interval has passed again. The input
 * index rebuild (`saga_input_idx`: a GIN index never drops a key it once held, so it grows with
 * every distinct input value ever stored) is first due one interval after this migration.
 */
export class HousekeepingJobs1764900000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE housekeeping_job (
        name text PRIMARY KEY,
        last_run_at timestamptz NOT NULL
      );
      INSERT INTO housekeeping_job (name, last_run_at) VALUES ('rebuild-saga-input-index', now());
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE housekeeping_job');
  }
}
