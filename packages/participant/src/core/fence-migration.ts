import { quoteSqlIdentifier } from './sql-identifier.util.js';

/** The psql variable that stands for the fence schema in the shipped migration file. */
export const FenceSchemaVariable = ':"fence_schema"';

/**
 * The fence DDL, statement by statement, with the schema as `:"fence_schema"`. The SDK runs these
 * at start (idempotent: `IF NOT EXISTS`); the package ships the same text as
 * `sql/001_fence.sql` for teams that create tables through their own migrations only.
 */
export const FenceMigrationStatements = [
  `CREATE SCHEMA IF NOT EXISTS ${FenceSchemaVariable}`,
  `CREATE TABLE IF NOT EXISTS ${FenceSchemaVariable}.saga_fence (
  saga_id uuid NOT NULL,
  step text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('execute', 'compensate')),
  message_id text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'compensated', 'nothing-to-undo')),
  reply jsonb,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (saga_id, step, kind)
)`,
] as const;

/** The text of `sql/001_fence.sql` (a unit test keeps the shipped file equal to it). */
export function fenceMigrationFile(): string {
  return [
    '-- @saga-coordinator/participant: the fence table, keyed by (saga_id, step, kind), never by attempt.',
    '-- The SDK creates it at start as well; this file is for schemas managed by migrations only.',
    '-- Run with psql:      psql -v fence_schema=payment -f 001_fence.sql',
    "-- or programmatically: fenceMigrationSql('payment') from @saga-coordinator/participant.",
    '-- Idempotent (IF NOT EXISTS). The schema must be the `fence.schema` the participant is given.',
    '',
    ...FenceMigrationStatements.map((statement) => `${statement};\n`),
  ].join('\n');
}

/**
 * The fence migration for `schema`, ready to run (statements separated by `;`), e.g. in a
 * TypeORM migration's `up` (`await queryRunner.query(statement)` for each of
 * `fenceMigrationStatements(schema)`) or a Knex migration (`knex.raw`).
 */
export function fenceMigrationStatements(schema: string): string[] {
  const quoted = quoteSqlIdentifier(schema);
  return FenceMigrationStatements.map((statement) => statement.replaceAll(FenceSchemaVariable, quoted));
}

/** `fenceMigrationStatements(schema)` as one script. */
export function fenceMigrationSql(schema: string): string {
  return fenceMigrationStatements(schema)
    .map((statement) => `${statement};\n`)
    .join('\n');
}
