import type { SchemaMigration } from '../schema-migrations.util.js';

/** The shipping service's own schema: one shipment row per order. */
export const ShippingMigrations: readonly SchemaMigration[] = [
  {
    version: 1,
    sql: `CREATE TABLE shipping.shipments (
      order_id text PRIMARY KEY,
      saga_id uuid NOT NULL,
      country text NOT NULL,
      status text NOT NULL CHECK (status IN ('CREATED', 'CANCELLED')),
      created_at timestamptz NOT NULL DEFAULT now(),
      cancelled_at timestamptz
    )`,
  },
];
