import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The coordinator's whole schema. Hand-written SQL so that every index is deliberate:
 * each one serves a query named beside it.
 */
export class InitialSchema1763780000000 implements MigrationInterface {
  name = 'InitialSchema1763780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE saga_definition (
        name text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        definition jsonb NOT NULL,
        content_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (name, version)
      );

      CREATE TABLE saga (
        id uuid PRIMARY KEY,
        definition_name text NOT NULL,
        definition_version integer NOT NULL,
        status text NOT NULL,
        state jsonb NOT NULL,
        input jsonb NOT NULL,
        output jsonb,
        last_seq integer NOT NULL DEFAULT 0,
        idempotency_key text UNIQUE,
        request_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (definition_name, definition_version) REFERENCES saga_definition (name, version)
      );
      -- GET /v1/sagas: newest first, keyset on (created_at, id), optionally filtered.
      CREATE INDEX saga_newest_idx ON saga (created_at DESC, id DESC);
      CREATE INDEX saga_status_newest_idx ON saga (status, created_at DESC, id DESC);
      CREATE INDEX saga_definition_newest_idx ON saga (definition_name, created_at DESC, id DESC);

      CREATE TABLE saga_event (
        saga_id uuid NOT NULL REFERENCES saga (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        type text NOT NULL,
        step text,
        attempt integer,
        data jsonb,
        at timestamptz NOT NULL,
        PRIMARY KEY (saga_id, seq)
      );

      CREATE TABLE outbox_message (
        id bigserial PRIMARY KEY,
        message_id text NOT NULL,
        exchange text NOT NULL,
        routing_key text NOT NULL,
        type text NOT NULL,
        correlation_id text NOT NULL,
        headers jsonb NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        leased_until timestamptz,
        publish_attempts integer NOT NULL DEFAULT 0
      );
      -- The relay's poll and the backlog metric only ever look at unsent rows, oldest first.
      CREATE INDEX outbox_message_unsent_idx ON outbox_message (id) WHERE sent_at IS NULL;

      CREATE TABLE inbox_message (
        message_id text PRIMARY KEY,
        saga_id uuid NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE saga_timer (
        saga_id uuid NOT NULL REFERENCES saga (id) ON DELETE CASCADE,
        kind text NOT NULL,
        -- '' and 0 stand for "no step" / "no attempt" so the identity can be a primary key.
        step text NOT NULL DEFAULT '',
        attempt integer NOT NULL DEFAULT 0,
        due_at timestamptz NOT NULL,
        PRIMARY KEY (saga_id, kind, step, attempt)
      );
      -- The scheduler's poll: due timers, earliest first.
      CREATE INDEX saga_timer_due_idx ON saga_timer (due_at);

      CREATE TABLE participant (
        name text PRIMARY KEY,
        commands jsonb NOT NULL,
        compensations jsonb NOT NULL,
        instances jsonb NOT NULL,
        last_seen_at timestamptz NOT NULL
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE participant;
      DROP TABLE saga_timer;
      DROP TABLE inbox_message;
      DROP TABLE outbox_message;
      DROP TABLE saga_event;
      DROP TABLE saga;
      DROP TABLE saga_definition;
    `);
  }
}
