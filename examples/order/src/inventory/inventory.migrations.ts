import type { SchemaMigration } from '../schema-migrations.util.js';

/** The inventory service's own schema: one reservation row per order. */
export const InventoryMigrations: readonly SchemaMigration[] = [
  {
    version: 1,
    sql: `CREATE TABLE inventory.reservations (
      order_id text PRIMARY KEY,
      saga_id uuid NOT NULL,
      items jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('RESERVED', 'RELEASED')),
      reserved_at timestamptz NOT NULL DEFAULT now(),
      released_at timestamptz
    )`,
  },
];
