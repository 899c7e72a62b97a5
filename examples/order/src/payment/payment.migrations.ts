import type { SchemaMigration } from '../schema-migrations.util.js';

/** The payment service's own schema: one charge row per order. */
export const PaymentMigrations: readonly SchemaMigration[] = [
  {
    version: 1,
    sql: `CREATE TABLE payment.charges (
      order_id text PRIMARY KEY,
      saga_id uuid NOT NULL,
      amount numeric(14, 2) NOT NULL,
      status text NOT NULL CHECK (status IN ('CHARGED', 'REFUNDED')),
      charged_at timestamptz NOT NULL DEFAULT now(),
      refunded_at timestamptz
    )`,
  },
];
