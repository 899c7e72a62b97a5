import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSourceOptions, Migrations } from '../../../src/persistence/data-source-options.js';
import { ensureDatabaseExists } from '../../../src/persistence/ensure-database.util.js';
import { initializeDataSource } from '../../../src/persistence/run-migrations-exclusively.util.js';
import { createTestInfrastructure, PG_ADMIN_URL, type TestInfrastructure, uniqueName } from '../../support/test-infrastructure.js';

describe('the schema migration', () => {
  let infra: TestInfrastructure;
  beforeAll(async () => {
    infra = await createTestInfrastructure('persistence');
  });
  afterAll(async () => {
    await infra.dispose();
  });

  it('applies on an empty database, creating every table, and is not applied twice', async () => {
    const dataSource = new DataSource(createDataSourceOptions({ url: infra.databaseUrl, poolSize: 2 }));
    await dataSource.initialize();
    try {
      const tables = await dataSource.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(['inbox_message', 'outbox_message', 'participant', 'saga', 'saga_definition', 'saga_event', 'saga_timer']),
      );
      expect(await dataSource.showMigrations()).toBe(false);
      expect(await dataSource.runMigrations()).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('reverts cleanly', async () => {
    const dataSource = new DataSource(createDataSourceOptions({ url: infra.databaseUrl, poolSize: 2 }));
    await dataSource.initialize();
    try {
      // Newest first, down to the empty database.
      for (let remaining = Migrations.length; remaining > 0; remaining--) await dataSource.undoLastMigration();
      const [row] = await dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'saga'`,
      );
      expect(row?.n).toBe(0);
      await dataSource.runMigrations();
    } finally {
      await dataSource.destroy();
    }
  });

  it('creates a missing database, and leaves an existing one alone', async () => {
    const url = new URL(PG_ADMIN_URL);
    const name = uniqueName('ensure_db');
    url.pathname = `/${name}`;
    await ensureDatabaseExists(url.toString());
    await ensureDatabaseExists(url.toString());
    const dataSource = new DataSource(createDataSourceOptions({ url: url.toString(), poolSize: 1 }));
    await dataSource.initialize();
    const [row] = await dataSource.query<{ db: string }[]>('SELECT current_database() AS db');
    await dataSource.destroy();
    expect(row?.db).toBe(name);
    const admin = new DataSource({ type: 'postgres', url: PG_ADMIN_URL });
    await admin.initialize();
    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.destroy();
  });

  it('lets several replicas start at once on a fresh database: one migrates, the others wait', async () => {
    const url = new URL(PG_ADMIN_URL);
    const name = uniqueName('race_db');
    url.pathname = `/${name}`;
    const options = createDataSourceOptions({ url: url.toString(), poolSize: 2 });

    await Promise.all([1, 2, 3].map(() => ensureDatabaseExists(url.toString())));
    const replicas = await Promise.all([1, 2, 3, 4].map(() => initializeDataSource(options)));
    try {
      const [row] = await replicas[0]!.query<{ n: number }[]>('SELECT count(*)::int AS n FROM migrations');
      expect(row?.n).toBe(Migrations.length);
    } finally {
      await Promise.all(replicas.map((r) => r.destroy()));
      const admin = new DataSource({ type: 'postgres', url: PG_ADMIN_URL });
      await admin.initialize();
      await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      await admin.destroy();
    }
  });
});
