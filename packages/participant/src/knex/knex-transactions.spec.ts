import knex from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { UnsupportedDatabaseError } from '../core/transaction-adapter.js';
import { knexTransactions } from './index.js';
import { toKnexBindings } from './knex-bindings.util.js';

describe('toKnexBindings', () => {
  it("turns $n placeholders into Knex's ? and orders the values as the text uses them", () => {
    expect(toKnexBindings('SELECT $2::text, $1, $2', ['a', 'b'])).toEqual({ sql: 'SELECT ?::text, ?, ?', bindings: ['b', 'a', 'b'] });
  });

  it('refuses a placeholder without a value', () => {
    expect(() => toKnexBindings('SELECT $3', ['a'])).toThrow(RangeError);
  });
});

describe('knexTransactions', () => {
  const instances: Array<ReturnType<typeof knex>> = [];
  const make = (client: string): ReturnType<typeof knex> => {
    const instance = knex({ client });
    instances.push(instance);
    return instance;
  };
  afterEach(async () => {
    await Promise.all(instances.splice(0).map((instance) => instance.destroy()));
  });

  it.each(['mysql2', 'cockroachdb', 'redshift'])('refuses a %s client with a clear error', (client) => {
    expect(() => knexTransactions(make(client))).toThrow(UnsupportedDatabaseError);
    expect(() => knexTransactions(make(client))).toThrow(/supports PostgreSQL only/);
  });

  it('accepts the pg client', () => {
    expect(knexTransactions(make('pg')).library).toBe('knex');
  });
});
