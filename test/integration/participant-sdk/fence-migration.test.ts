import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParticipant, fenceMigrationSql, silentLogger, StepResult } from '@saga-coordinator/participant';
import { createTestInfrastructure, type TestInfrastructure } from '../../support/test-infrastructure.js';
import { CoordinatorProbe, stepCommand } from './coordinator-probe.js';

/** The shipped file, found the way a user's tooling finds it: through the package's exports. */
const shippedFile = createRequire(import.meta.url).resolve('@saga-coordinator/participant/sql/001_fence.sql');

/** Columns, types, defaults, checks and keys of `<schema>.saga_fence`, to compare two creations of it. */
async function describeFence(pool: pg.Pool, schema: string): Promise<unknown> {
  const columns = await pool.query(
    `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = 'saga_fence' ORDER BY ordinal_position`,
    [schema],
  );
  const constraints = await pool.query(
    `SELECT contype, pg_get_constraintdef(c.oid) AS definition FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1 AND t.relname = 'saga_fence' ORDER BY 1, 2`,
    [schema],
  );
  return { columns: columns.rows, constraints: constraints.rows };
}

describe('the fence migration shipped in the package', () => {
  let infra: TestInfrastructure;
  let pool: pg.Pool;

  beforeAll(async () => {
    infra = await createTestInfrastructure('sdk_fence_sql');
    pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    await infra?.dispose();
  });

  it('is exported as a file of the package, written for psql with the schema as a variable', () => {
    const text = readFileSync(shippedFile, 'utf8');
    expect(text).toContain('CREATE TABLE IF NOT EXISTS :"fence_schema".saga_fence');
  });

  it('creates the same table the SDK creates at start, and a participant runs on it', async () => {
    await pool.query(fenceMigrationSql('migrated'));
    await pool.query(fenceMigrationSql('migrated')); // idempotent, as migrations re-run by hand are
    const probe = await CoordinatorProbe.connect(infra.rabbitmqUrl);
    const started = createParticipant({
      name: 'fence-started',
      rabbitmqUrl: infra.rabbitmqUrl,
      fence: { pool, schema: 'started' },
      logger: silentLogger,
    }).handle('noop', async () => StepResult.succeeded());
    const migrated = createParticipant({
      name: 'fence-migrated',
      rabbitmqUrl: infra.rabbitmqUrl,
      fence: { pool, schema: 'migrated' },
      logger: silentLogger,
    }).handle('noop', async () => StepResult.succeeded());
    try {
      await started.start();
      await migrated.start();
      expect(await describeFence(pool, 'migrated')).toEqual(await describeFence(pool, 'started'));
      expect((await describeFence(pool, 'migrated')) as { columns: unknown[] }).toMatchObject({ columns: { length: 7 } });

      const command = await probe.send(stepCommand({ participant: 'fence-migrated', command: 'noop' }));
      expect((await probe.replyTo(command)).body.outcome).toBe('succeeded');
      expect((await pool.query('SELECT outcome FROM migrated.saga_fence WHERE saga_id = $1', [command.sagaId])).rows).toEqual([
        { outcome: 'succeeded' },
      ]);
    } finally {
      await started.stop();
      await migrated.stop();
      await probe.close();
    }
  });
});
