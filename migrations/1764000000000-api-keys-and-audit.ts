import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys, the audit log, and who started each saga (for the per-key in-flight cap).
 */
export class ApiKeysAndAudit1764000000000 implements MigrationInterface {
  name = 'ApiKeysAndAudit1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      -- Keys are sk_<id>_<secret>: the id finds the row (primary key), the secret is kept as SHA-256 only.
      CREATE TABLE api_key (
        id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{12}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        secret_hash bytea NOT NULL CHECK (length(secret_hash) = 32),
        scopes text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );

      -- One row per mutating API call (and per denied attempt). The id is chosen per request, so a
      -- fallback write after the action's own transaction can never add a second row.
      CREATE TABLE audit_log (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        principal text NOT NULL,
        action text NOT NULL,
        target text,
        request_id text NOT NULL,
        outcome text NOT NULL,
        -- For a refused or failed call: the HTTP status, problem type and message.
        detail text
      );
      -- GET /v1/audit: newest first (seq desc), optionally by action, principal or target.
      CREATE INDEX audit_log_action_idx ON audit_log (action, seq DESC);
      CREATE INDEX audit_log_principal_idx ON audit_log (principal, seq DESC);
      CREATE INDEX audit_log_target_idx ON audit_log (target, seq DESC);

      -- The principal whose request started the saga; null for sagas from before this migration.
      ALTER TABLE saga ADD COLUMN started_by text;
      -- The in-flight cap counts a principal's sagas that are still moving.
      CREATE INDEX saga_in_flight_by_principal_idx ON saga (started_by)
        WHERE status IN ('RUNNING', 'COMPENSATING');
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP INDEX IF EXISTS saga_in_flight_by_principal_idx;
      ALTER TABLE saga DROP COLUMN IF EXISTS started_by;
      DROP TABLE IF EXISTS audit_log;
      DROP TABLE IF EXISTS api_key;
    `);
  }
}
