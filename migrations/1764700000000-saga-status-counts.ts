import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard at 10 million sagas: counts that do not scan, and an index for the list filtered
 * by status and definition together.
 *
 * Counts per definition and status that are read without scanning `saga`: `GET /v1/sagas/counts`
 * sums at most definitions × statuses × 16 rows of `saga_status_count` instead of counting every
 * saga (a full scan: seconds at tens of millions). Triggers keep the counts in the transaction that
 * changes a saga, so they are exactly `count(*)` of what that transaction commits, rollbacks included.
 *
 * - Sharded by the writing connection (`pg_backend_pid() % 16`): a counter row is locked until its
 *   transaction commits, and connections are what run transactions at the same time; with 16
 *   shards, concurrent decisions rarely wait on one another. The shard means nothing else: reads
 *   sum every shard (a shard's count may be negative).
 * - A decision rewrites the saga row with `status` in its SET list even when it does not change:
 *   the WHEN clause skips those updates without calling the function, so most decisions pay nothing.
 * - Inserts and deletions (retention deletes finished sagas in batches) are counted once per
 *   statement from its transition table: one upsert per (definition, status), not one per saga.
 *   (Per row, a statement writing n sagas would update one counter row n times in one
 *   transaction, each update walking the row's growing chain of versions: quadratic.)
 *   Status changes are counted per row: a transition table cannot be limited to UPDATE OF status,
 *   and one for every decision would copy each rewritten saga row.
 * - Within a statement counter rows are locked in (definition, status) order, so two transactions
 *   do not wait on each other's rows in opposite orders.
 * - `n` is not indexed, so counter updates are HOT; fillfactor leaves room for the new versions.
 *
 * - Applying it counts the existing sagas and builds the index while saga writes wait (one
 *   transaction, so no change slips between the count and the triggers): a full scan and an
 *   index build, whose time grows with the table.
 *
 * Measured: test/integration/persistence/saga-status-counts.test.ts and `npm run measure:dashboard-queries`
 * (docs/scaling.md).
 */
export class SagaStatusCounts1764700000000 implements MigrationInterface {
  name = 'SagaStatusCounts1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE saga_status_count (
        definition_name text NOT NULL,
        status text NOT NULL,
        shard smallint NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (definition_name, status, shard)
      ) WITH (fillfactor = 50);

      CREATE FUNCTION saga_status_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO saga_status_count AS c (definition_name, status, shard, n)
        SELECT definition_name, status, pg_backend_pid() % 16, count(*)
        FROM inserted_saga GROUP BY definition_name, status
        ORDER BY definition_name, status
        ON CONFLICT (definition_name, status, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
        RETURN NULL;
      END $$;

      CREATE FUNCTION saga_status_count_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO saga_status_count AS c (definition_name, status, shard, n)
        SELECT change.definition_name, change.status, pg_backend_pid() % 16, change.delta
        FROM (VALUES (OLD.definition_name, OLD.status, -1), (NEW.definition_name, NEW.status, 1))
          AS change (definition_name, status, delta)
        ORDER BY change.definition_name, change.status
        ON CONFLICT (definition_name, status, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
        RETURN NULL;
      END $$;

      CREATE FUNCTION saga_status_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO saga_status_count AS c (definition_name, status, shard, n)
        SELECT definition_name, status, pg_backend_pid() % 16, -count(*)
        FROM deleted_saga GROUP BY definition_name, status
        ORDER BY definition_name, status
        ON CONFLICT (definition_name, status, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
        RETURN NULL;
      END $$;

      CREATE FUNCTION saga_status_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM saga_status_count;
        RETURN NULL;
      END $$;

      -- GET /v1/sagas?status=…&definition=…: without it the list walks every saga of the status (or
      -- of the definition) when few of them match the other filter; with it, 21 index entries.
      -- Both columns change rarely (status a few times per saga, already indexed), so decision
      -- writes that keep the status stay HOT.
      CREATE INDEX saga_definition_status_newest_idx ON saga (definition_name, status, created_at DESC, id DESC);

      -- No saga is written between the triggers' creation and the initial counts.
      LOCK TABLE saga IN SHARE ROW EXCLUSIVE MODE;
      CREATE TRIGGER saga_status_count_inserted AFTER INSERT ON saga
        REFERENCING NEW TABLE AS inserted_saga FOR EACH STATEMENT EXECUTE FUNCTION saga_status_count_inserted();
      CREATE TRIGGER saga_status_count_moved AFTER UPDATE OF status, definition_name ON saga
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.definition_name IS DISTINCT FROM NEW.definition_name)
        EXECUTE FUNCTION saga_status_count_moved();
      CREATE TRIGGER saga_status_count_deleted AFTER DELETE ON saga
        REFERENCING OLD TABLE AS deleted_saga FOR EACH STATEMENT EXECUTE FUNCTION saga_status_count_deleted();
      CREATE TRIGGER saga_status_count_truncated AFTER TRUNCATE ON saga
        FOR EACH STATEMENT EXECUTE FUNCTION saga_status_count_truncated();
      INSERT INTO saga_status_count (definition_name, status, shard, n)
        SELECT definition_name, status, 0, count(*) FROM saga GROUP BY definition_name, status;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TRIGGER saga_status_count_truncated ON saga;
      DROP TRIGGER saga_status_count_deleted ON saga;
      DROP TRIGGER saga_status_count_moved ON saga;
      DROP TRIGGER saga_status_count_inserted ON saga;
      DROP FUNCTION saga_status_count_truncated();
      DROP FUNCTION saga_status_count_deleted();
      DROP FUNCTION saga_status_count_moved();
      DROP FUNCTION saga_status_count_inserted();
      DROP TABLE saga_status_count;
      DROP INDEX saga_definition_status_newest_idx;
    `);
  }
}
