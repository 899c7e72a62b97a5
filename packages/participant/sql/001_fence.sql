-- @saga-coordinator/participant: the fence table, keyed by (saga_id, step, kind), never by attempt.
-- The SDK creates it at start as well; this file is for schemas managed by migrations only.
-- Run with psql:      psql -v fence_schema=payment -f 001_fence.sql
-- or programmatically: fenceMigrationSql('payment') from @saga-coordinator/participant.
-- Idempotent (IF NOT EXISTS). The schema must be the `fence.schema` the participant is given.

CREATE SCHEMA IF NOT EXISTS :"fence_schema";

CREATE TABLE IF NOT EXISTS :"fence_schema".saga_fence (
  saga_id uuid NOT NULL,
  step text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('execute', 'compensate')),
  message_id text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'compensated', 'nothing-to-undo')),
  reply jsonb,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (saga_id, step, kind)
);
