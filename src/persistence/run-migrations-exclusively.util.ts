import { DataSource, type DataSourceOptions } from 'typeorm';

/** Arbitrary, fixed key of the session-level advisory lock that serialises migrations. */
const MIGRATION_LOCK_KEY = 7_361_024_113;

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock, so that replicas started
 * at the same moment on a fresh database do not race on `CREATE TABLE` (TypeORM takes no
 * lock of its own): the first one migrates, the others wait and then find nothing to do.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * The app's DataSource: the shared options with their `migrationsRun` honoured through
 * `runMigrationsExclusively` instead of TypeORM's unlocked run.
 */
export async function initializeDataSource(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = new DataSource({ ...options, migrationsRun: false });
  await dataSource.initialize();
  try {
    if (options.migrationsRun) await runMigrationsExclusively(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
