/** What one closed-loop run measured. */
export interface LoadResult {
  readonly sagas: number;
  /** From the first start to the last completion. */
  readonly elapsedMs: number;
  /** End-to-end latency of each saga (start request → terminal status), ms. */
  readonly latenciesMs: readonly number[];
  /** Terminal status → count. */
  readonly outcomes: Readonly<Record<string, number>>;
}

/** Runs one saga to its end and returns its terminal status. */
export type RunOneSaga = (index: number) => Promise<string>;

/**
 * Closed loop: `concurrency` workers each start a saga, wait for its terminal status, and
 * start the next, until `total` sagas are done. Fails if one saga takes longer than `sagaTimeoutMs`.
 */
export async function runClosedLoop(total: number, concurrency: number, runOne: RunOneSaga, sagaTimeoutMs = 60_000): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const outcomes: Record<string, number> = {};
  let next = 0;
  const startedAt = performance.now();
  const worker = async () => {
    while (next < total) {
      const index = next++;
      const t0 = performance.now();
      const status = await withTimeout(runOne(index), sagaTimeoutMs, `saga #${index}`);
      latenciesMs.push(performance.now() - t0);
      outcomes[status] = (outcomes[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return { sagas: total, elapsedMs: performance.now() - startedAt, latenciesMs, outcomes };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The `p`-th percentile (0..100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
