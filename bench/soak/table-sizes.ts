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

/** The two parts of a table judged apart: a leaking index must not hide behind a heap that shrinks. */
export const SizeParts = ['table', 'indexes'] as const;
export type SizePart = (typeof SizeParts)[number];

/**
 * How one part of one table (its heap with TOAST, or its indexes) moved over some samples:
 * `spread` is (max − min) / min, which a vacuum's sawtooth alone makes large; `trend` is the drift
 * of a least-squares line through the samples over their time span, relative to their mean: what
 * grows without bound shows there, a sawtooth around a level does not.
 */
export interface SizeSpread {
  readonly table: SagaTable;
  readonly part: SizePart;
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly lastBytes: number;
  readonly spread: number;
  readonly trend: number;
}

/** The spread and trend of every table's heap and of its indexes over `samples`. */
export function sizeSpreads(samples: readonly SizeSample[]): SizeSpread[] {
  return SagaTables.flatMap((table) =>
    SizeParts.map((part) => {
      const sizes = samples.map((sample) => (part === 'table' ? sample.sizes[table].tableBytes : sample.sizes[table].indexBytes));
      const minBytes = Math.min(...sizes);
      const maxBytes = Math.max(...sizes);
      return {
        table,
        part,
        minBytes,
        maxBytes,
        lastBytes: sizes.at(-1) ?? 0,
        spread: minBytes > 0 ? (maxBytes - minBytes) / minBytes : 0,
        trend: drift(
          samples.map((sample) => sample.atMs),
          sizes,
        ),
      };
    }),
  );
}

/** Least-squares slope of `ys` over `xs`, times the span of `xs`, over the mean of `ys` (0 for fewer than two points). */
function drift(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length < 2) return 0;
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const mx = mean(xs);
  const my = mean(ys);
  const sxx = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  if (sxx === 0 || my === 0) return 0;
  const slope = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i]! - my), 0) / sxx;
  return (slope * (xs.at(-1)! - xs[0]!)) / my;
}
