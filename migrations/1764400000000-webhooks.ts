import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook subscriptions, one delivery row per (subscription, lifecycle event) and one attempt row
 * per try (docs/webhooks.md).
 */
export class Webhooks1764400000000 implements MigrationInterface {
  name = 'Webhooks1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_subscription (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL CHECK (length(url) <= 2048),
        events text[] NOT NULL CHECK (cardinality(events) >= 1),
        -- Empty: every definition.
        definitions text[] NOT NULL,
        description text CHECK (length(description) <= 500),
        -- The signing secret, sealed by the service (AES-256-GCM when a key is configured).
        sealed_secret text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        disabled_at timestamptz,
        -- Failed attempts since the last successful one; reaching the configured bound disables it.
        consecutive_failures integer NOT NULL DEFAULT 0,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- One per event and subscription; its id is the webhook-id header, the same on every attempt.
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
        event_id text NOT NULL,
        saga_id uuid NOT NULL,
        event text NOT NULL,
        -- The JSON body exactly as signed and sent.
        payload text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
        -- Attempts claimed so far; a worker's lease is for attempt number attempts.
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subscription_id, event_id)
      );
      -- The workers' claim: due pending deliveries, oldest due first.
      CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
      -- GET /v1/webhooks/{id}/deliveries: newest first.
      CREATE INDEX webhook_delivery_subscription_idx ON webhook_delivery (subscription_id, created_at DESC, id);

      CREATE TABLE webhook_attempt (
        delivery_id uuid NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        succeeded boolean NOT NULL,
        status_code integer,
        error text,
        -- The first bytes of the receiver's answer.
        response_body text,
        PRIMARY KEY (delivery_id, attempt)
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE IF EXISTS webhook_attempt;
      DROP TABLE IF EXISTS webhook_delivery;
      DROP TABLE IF EXISTS webhook_subscription;
    `);
  }
}
