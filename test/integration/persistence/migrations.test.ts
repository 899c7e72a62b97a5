import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDeliveryRetention1765000000000 } from '../../../migrations/1765000000000-webhook-delivery-retention.js';
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

  it('gives webhook deliveries settled before the retention migration the end of their last attempt as finish, and pending ones none', async () => {
    const dataSource = new DataSource(createDataSourceOptions({ url: infra.databaseUrl, poolSize: 2 }));
    await dataSource.initialize();
    try {
      // Back to just before the retention migration, whatever migrations come after it.
      const retention = Migrations.indexOf(WebhookDeliveryRetention1765000000000);
      expect(retention).toBeGreaterThanOrEqual(0);
      for (let newer = Migrations.length - retention; newer > 0; newer--) await dataSource.undoLastMigration();
      await dataSource.query(`
        INSERT INTO webhook_subscription (id, url, events, definitions, sealed_secret)
        VALUES ('00000000-0000-4000-8000-0000000000a1', 'https://hooks.example/m', '{saga.completed}', '{}', 'secret');
        INSERT INTO webhook_delivery (id, subscription_id, event_id, saga_id, event, payload, status, attempts, created_at)
        VALUES ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-0000000000a1', 'delivered', gen_random_uuid(), 'saga.completed', '{}', 'SUCCEEDED', 2, '2026-01-01T00:00:00Z'),
               ('00000000-0000-4000-8000-0000000000d2', '00000000-0000-4000-8000-0000000000a1', 'never-tried', gen_random_uuid(), 'saga.completed', '{}', 'FAILED', 0, '2026-01-02T00:00:00Z'),
               ('00000000-0000-4000-8000-0000000000d3', '00000000-0000-4000-8000-0000000000a1', 'pending', gen_random_uuid(), 'saga.completed', '{}', 'PENDING', 1, '2026-01-03T00:00:00Z');
        INSERT INTO webhook_attempt (delivery_id, attempt, started_at, duration_ms, succeeded)
        VALUES ('00000000-0000-4000-8000-0000000000d1', 1, '2026-01-01T00:00:10Z', 500, false),
               ('00000000-0000-4000-8000-0000000000d1', 2, '2026-01-01T00:01:00Z', 250, true),
               ('00000000-0000-4000-8000-0000000000d3', 1, '2026-01-03T00:00:10Z', 100, false);`);

      await dataSource.runMigrations();

      const rows = await dataSource.query<{ event_id: string; finished_at: Date | null }[]>(
        'SELECT event_id, finished_at FROM webhook_delivery ORDER BY event_id',
      );
      expect(rows.map((row) => [row.event_id, row.finished_at?.toISOString() ?? null])).toEqual([
        ['delivered', '2026-01-01T00:01:00.250Z'],
        ['never-tried', '2026-01-02T00:00:00.000Z'],
        ['pending', null],
      ]);
      await dataSource.query(`DELETE FROM webhook_subscription WHERE id = '00000000-0000-4000-8000-0000000000a1'`);
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
