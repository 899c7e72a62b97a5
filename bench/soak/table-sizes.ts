import pg from 'pg';

/** Every table a saga writes rows to (housekeeping keeps each of them bounded). */
export const SagaTables = ['saga', 'saga_event', 'saga_timer', 'inbox_message', 'outbox_message'] as const;
export type SagaTable = (typeof SagaTables)[number];

/** Heap (with TOAST) and index bytes of one table at one instant. */
export interface TableSize {
  readonly tableBytes: number;
  readonly indexBytes: number;
}

/** One sample of every saga table, `atMs` after the soak started. */
export interface SizeSample {
  readonly atMs: number;
  readonly finishedSagas: number;
  readonly sizes: Readonly<Record<SagaTable, TableSize>>;
}

/** `pg_table_size` and `pg_indexes_size` of every saga table. */
export async function sampleTableSizes(client: pg.Client): Promise<Record<SagaTable, TableSize>> {
  const { rows } = await client.query<{ name: SagaTable; table_bytes: string; index_bytes: string }>(
    `SELECT name, pg_table_size(name::regclass) AS table_bytes, pg_indexes_size(name::regclass) AS index_bytes
     FROM unnest($1::text[]) AS name`,
    [SagaTables],
  );
  return Object.fromEntries(rows.map((row) => [row.name, { tableBytes: Number(row.table_bytes), indexBytes: Number(row.index_bytes) }])) as Record<
    SagaTable,
    TableSize
  >;
}

/** How far one table's total size (heap + indexes) moved over some samples: (max − min) / min. */
export interface SizeSpread {
  readonly table: SagaTable;
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly lastBytes: number;
  readonly spread: number;
}

/** The spread of every table's total size over `samples`. */
export function sizeSpreads(samples: readonly SizeSample[]): SizeSpread[] {
  return SagaTables.map((table) => {
    const totals = samples.map((sample) => sample.sizes[table].tableBytes + sample.sizes[table].indexBytes);
    const minBytes = Math.min(...totals);
    const maxBytes = Math.max(...totals);
    return { table, minBytes, maxBytes, lastBytes: totals.at(-1) ?? 0, spread: minBytes > 0 ? (maxBytes - minBytes) / minBytes : 0 };
  });
}
