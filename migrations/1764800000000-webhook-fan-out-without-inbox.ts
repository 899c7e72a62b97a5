import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lifecycle events are fanned out to webhook deliveries without an inbox row since this version
 * (a delivery is unique per subscription and event id, which is the dedupe). The rows written
 * before (`webhooks:<event id>`) are deleted: those of events taken after their saga was already
 * deleted by retention would otherwise stay forever.
 */
export class WebhookFanOutWithoutInbox1764800000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM inbox_message WHERE message_id LIKE 'webhooks:%'`);
  }

  async down(): Promise<void> {
    // Nothing to restore: a redelivered event is deduplicated by the deliveries either way.
  }
}
