import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C trace context of the request that started a saga, so that work with no inbound
 * message to carry it (timers, operator actions) continues the saga's one trace.
 */
export class SagaTraceContext1764100000000 implements MigrationInterface {
  name = 'SagaTraceContext1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE saga ADD COLUMN trace_context jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE saga DROP COLUMN trace_context`);
  }
}
