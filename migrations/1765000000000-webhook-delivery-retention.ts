import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook deliveries get a retention: `finished_at` is set by the attempt that settles a delivery
 * (SUCCEEDED, or FAILED once it gives up) and housekeeping deletes settled deliveries, with their
 * attempts, `WEBHOOK_DELIVERY_RETENTION_MS` after it (an index range scan on
 * `webhook_delivery_finished_idx`); a PENDING delivery has none and is never deleted. Deliveries
 * settled before this migration count from their last attempt's end.
 */
export class WebhookDeliveryRetention1765000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE webhook_delivery ADD COLUMN finished_at timestamptz;
      UPDATE webhook_delivery d
      SET finished_at = coalesce(
        (SELECT max(a.started_at + a.duration_ms * interval '1 millisecond') FROM webhook_attempt a WHERE a.delivery_id = d.id),
        d.created_at)
      WHERE d.status <> 'PENDING';
      ALTER TABLE webhook_delivery ADD CONSTRAINT webhook_delivery_finished_when_settled
        CHECK ((status = 'PENDING') = (finished_at IS NULL));
      CREATE INDEX webhook_delivery_finished_idx ON webhook_delivery (finished_at) WHERE finished_at IS NOT NULL;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP INDEX webhook_delivery_finished_idx;
      ALTER TABLE webhook_delivery DROP CONSTRAINT webhook_delivery_finished_when_settled;
      ALTER TABLE webhook_delivery DROP COLUMN finished_at;
    `);
  }
}
