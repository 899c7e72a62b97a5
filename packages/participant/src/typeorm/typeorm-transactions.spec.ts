import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { UnsupportedDatabaseError } from '../core/transaction-adapter.js';
import { typeormTransactions } from './index.js';

describe('typeormTransactions', () => {
  it('refuses a DataSource of another driver with a clear error', () => {
    const cockroach = new DataSource({ type: 'cockroachdb', url: 'postgres://localhost/none', timeTravelQueries: false });

    expect(() => typeormTransactions(cockroach)).toThrow(UnsupportedDatabaseError);
    expect(() => typeormTransactions(cockroach)).toThrow(/supports PostgreSQL only: the TypeORM connection given uses "cockroachdb"/);
  });

  it('accepts a PostgreSQL DataSource, and asks for it to be initialized before the first command', async () => {
    const adapter = typeormTransactions(new DataSource({ type: 'postgres', url: 'postgres://localhost/none' }));

    expect(adapter.library).toBe('typeorm');
    await expect(adapter.begin()).rejects.toThrow(/not initialized/);
  });
});
