import pg from 'pg';

/** What a raw limit measured. */
export interface LimitResult {
  readonly operations: number;
  readonly elapsedMs: number;
  readonly perSecond: number;
  /** Median latency of one operation (ms). */
  readonly p50Ms: number;
}

/**
 * Raw PostgreSQL: `connections` clients each committing single-row INSERTs (autocommit, one
 * round trip, one WAL flush each) for `durationMs`. The physical bound on "one commit per event".
 */
export async function measurePostgresCommits(databaseUrl: string, connections: number, durationMs: number): Promise<LimitResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: connections });
  await pool.query('CREATE TABLE IF NOT EXISTS bench_commit (id bigserial PRIMARY KEY, v text NOT NULL)');
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await pool.query('INSERT INTO bench_commit (v) VALUES ($1)', ['x']);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsedMs = performance.now() - started;
  await pool.end();
  return summarize(latencies, elapsedMs);
}

export function summarize(latencies: number[], elapsedMs: number): LimitResult {
  latencies.sort((a, b) => a - b);
  return {
    operations: latencies.length,
    elapsedMs,
    perSecond: (latencies.length * 1000) / elapsedMs,
    p50Ms: latencies[Math.floor(latencies.length / 2)] ?? Number.NaN,
  };
}
