import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fenceMigrationFile, fenceMigrationSql, fenceMigrationStatements } from './fence-migration.js';

const shippedFile = new URL('../../sql/001_fence.sql', import.meta.url);

describe('the fence migration', () => {
  it('ships as sql/001_fence.sql with exactly the statements the SDK runs at start', () => {
    expect(readFileSync(shippedFile, 'utf8')).toBe(fenceMigrationFile());
  });

  it('puts the quoted schema where the psql variable stands', () => {
    const [schema, table] = fenceMigrationStatements('payment');

    expect(schema).toBe('CREATE SCHEMA IF NOT EXISTS "payment"');
    expect(table).toMatch(/^CREATE TABLE IF NOT EXISTS "payment"\.saga_fence \(/);
    expect(table).toContain('PRIMARY KEY (saga_id, step, kind)');
    expect(fenceMigrationSql('payment')).not.toContain('fence_schema');
  });

  it('refuses a schema name that is not an inert identifier', () => {
    expect(() => fenceMigrationStatements('x"; DROP TABLE users; --')).toThrow(RangeError);
  });
});
