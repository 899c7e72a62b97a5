import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { writeGeneratedSection } from '../../test/support/generated-sections.js';
import { repoRoot, snapshotCoordinatorBuild } from '../infra/bench-process.js';
import { startOurs, type OursSystem } from '../infra/ours-system.js';
import { createRunEnvironment, type RunEnvironment } from '../infra/run-environment.js';
import { percentile } from '../workload/closed-loop-driver.js';
import { lastHalfOf, respread, soakSection, TimedOut, type SoakReport, type SoakRun } from './soak-report.js';
import { SagaTables, type SizeSample, sampleTableSizes, sizeSpreads } from './table-sizes.js';

/**
 * `npm run soak`: the coordinator (built dist/, one replica) and the bench's SDK participants run
 * `SOAK_SAGAS` sagas (default 200,000; a tenth compensate) at `SOAK_CONCURRENCY` with a one-minute
 * retention and a short housekeeping interval, bounded by `SOAK_MAX_MINUTES`. Every
 * `SOAK_SAMPLE_MS` it samples the table and index sizes of every saga table. At the end it checks
 * that no saga was lost (every start reached a terminal status; sagas left + sagas housekeeping
 * deleted = sagas started), that no row outlived its saga, and that no table's heap or indexes
 * grew more than 20 % of their mean across the last half of the run (where the server's autovacuum is off, the soak vacuums those tables every
 * `SOAK_VACUUM_MS`, default 60 s, autovacuum's default beat). Then a short run without housekeeping (`SOAK_BASELINE_SAGAS`) gives the throughput
 * to compare with. The section goes to `SOAK_REPORT` (default test-results/reliability.md;
 * `SOAK_REPORT=docs/reliability.md` for the published figures), every sample to
 * test-results/soak-report.json. `SOAK_RENDER_FROM=<that file>` writes the section again from an
 * earlier run's samples without running. Exit code 1 when a check fails.
 */
const env = process.env;
const sagas = positive('SOAK_SAGAS', 200_000);
const concurrency = positive('SOAK_CONCURRENCY', 50);
const maxMinutes = positive('SOAK_MAX_MINUTES', 120);
const sampleMs = positive('SOAK_SAMPLE_MS', 10_000);
const vacuumMs = positive('SOAK_VACUUM_MS', 60_000);
const baselineSagas = positive('SOAK_BASELINE_SAGAS', Math.min(20_000, Math.max(1000, Math.round(sagas / 10))));
const reportPath = resolve(repoRoot, env.SOAK_REPORT ?? 'test-results/reliability.md');
/** The retention and sweep the soak runs with: the shortest retention allowed, swept often. */
const soakCoordinatorEnv = {
  AUTH_DISABLED: 'true',
  DATABASE_POOL_SIZE: '10',
  RETENTION_FINISHED_SAGAS_MS: '60000',
  HOUSEKEEPING_INTERVAL_MS: '5000',
  OUTBOX_SENT_RETENTION_MS: '60000',
  // A day's rebuild of the input index, at the soak's pace (its keys outlive the sagas deleted).
  INPUT_INDEX_REBUILD_INTERVAL_MS: '300000',
};
const MaxSpread = 0.2;

function positive(name: string, fallback: number): number {
  const value = env[name] === undefined ? fallback : Number(env[name]);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${env[name]}`);
  return value;
}

const started = Date.now();
const log = (line: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

/** Closed loop until `total` sagas finished or the deadline: each worker starts a saga and waits for its end. */
async function drive(system: OursSystem, total: number, deadline: number, onSample?: () => void): Promise<SoakRun> {
  const latenciesMs: number[] = [];
  const finishedAtMs: number[] = [];
  const outcomes: Record<string, number> = {};
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < total && Date.now() < deadline) {
      const index = next++;
      const begin = performance.now();
      const status = await withinSagaTimeout(
        system.runSaga({ definition: 'bench-3', input: { n: index, ...(index % 10 === 9 ? { failAt: 3 } : {}) } }),
      );
      const end = performance.now();
      latenciesMs.push(end - begin);
      finishedAtMs.push(end - t0);
      outcomes[status] = (outcomes[status] ?? 0) + 1;
      if (finishedAtMs.length % 1000 === 0) onSample?.();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const elapsedMs = performance.now() - t0;
  const lastHalf = finishedAtMs.filter((at) => at >= elapsedMs / 2).length;
  return {
    started: next,
    finished: finishedAtMs.length,
    elapsedMs,
    throughput: finishedAtMs.length / (elapsedMs / 1000),
    lastHalfThroughput: lastHalf / (elapsedMs / 2000),
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
    outcomes,
  };
}

/** A saga that has not ended after two minutes counts as lost (`TIMED_OUT`), and the loop goes on. */
function withinSagaTimeout(status: Promise<string>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(TimedOut), 120_000)));
  return Promise.race([status, timeout]).finally(() => clearTimeout(timer));
}

/** `saga_housekeeping_deleted_total` by table, from the coordinator's /metrics. */
async function deletedByHousekeeping(baseUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const deleted: Record<string, number> = {};
  for (const match of text.matchAll(/^saga_housekeeping_deleted_total\{table="([a-z_]+)"\} (\d+)/gm)) deleted[match[1]!] = Number(match[2]);
  return deleted;
}

/** Rows of each table keyed by saga id whose saga no longer exists (housekeeping deletes by saga: these would stay forever). */
async function rowsWithoutSaga(sql: pg.Client): Promise<Record<string, number>> {
  const orphans: Record<string, number> = {};
  for (const table of ['saga_event', 'saga_timer', 'inbox_message'] as const) {
    const { rows } = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM saga s WHERE s.id = t.saga_id)`,
    );
    orphans[table] = rows[0]!.n;
  }
  return orphans;
}

async function withSystem<T>(
  label: string,
  coordinatorEnv: Record<string, string>,
  work: (system: OursSystem, run: RunEnvironment) => Promise<T>,
): Promise<T> {
  const run = await createRunEnvironment(label);
  try {
    const system = await startOurs(run, { replicas: 1, coordinatorEnv });
    try {
      return await work(system, run);
    } finally {
      await system.stop();
    }
  } finally {
    await run.dispose();
  }
}

async function soak(): Promise<SoakReport> {
  const deadline = started + maxMinutes * 60_000;
  return withSystem('soak', soakCoordinatorEnv, async (system, run) => {
    const sql = new pg.Client({ connectionString: run.databaseUrl });
    await sql.connect();
    const samples: SizeSample[] = [];
    let finished = 0;
    const sample = async () => {
      samples.push({ atMs: Date.now() - soakStarted, finishedSagas: finished, sizes: await sampleTableSizes(sql) });
      const last = samples.at(-1)!;
      const mb = (table: keyof typeof last.sizes) => ((last.sizes[table].tableBytes + last.sizes[table].indexBytes) / 1e6).toFixed(1);
      log(
        `${finished} sagas finished; MB saga ${mb('saga')}, saga_event ${mb('saga_event')}, inbox ${mb('inbox_message')}, outbox ${mb('outbox_message')}`,
      );
    };
    // Deleted rows' space is reused only once vacuumed: where autovacuum is off (this machine's
    // PostgreSQL), the soak vacuums the saga tables on autovacuum's default beat instead, and says so.
    const autovacuum = (await sql.query<{ autovacuum: string }>('SHOW autovacuum')).rows[0]?.autovacuum === 'on';
    const vacuumer = autovacuum
      ? undefined
      : setInterval(
          () => void sql.query(`VACUUM (SKIP_LOCKED) ${SagaTables.join(', ')}`).catch((error: unknown) => log(`vacuum failed: ${String(error)}`)),
          vacuumMs,
        );
    const soakStarted = Date.now();
    const sampler = setInterval(() => void sample().catch((error: unknown) => log(`sample failed: ${String(error)}`)), sampleMs);
    try {
      log(
        `soak: ${sagas} sagas at concurrency ${concurrency}, ${Object.entries(soakCoordinatorEnv)
          .map(([name, value]) => `${name}=${value}`)
          .join(' ')} (cap ${maxMinutes} min)`,
      );
      const result = await drive(system, sagas, deadline, () => (finished += 1000));
      clearInterval(sampler);
      clearInterval(vacuumer);
      await sample();
      const runMs = Date.now() - soakStarted;
      const { rows } = await sql.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM saga GROUP BY status');
      const left = Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
      const deleted = await deletedByHousekeeping(system.baseUrls[0]!);
      const orphanRows = await rowsWithoutSaga(sql);
      return {
        result,
        samples,
        spreads: sizeSpreads(lastHalfOf(samples, runMs)),
        left,
        deleted,
        orphanRows,
        runMs,
        vacuumedEveryMs: autovacuum ? undefined : vacuumMs,
      };
    } finally {
      clearInterval(sampler);
      clearInterval(vacuumer);
      await sql.end();
    }
  }).then(async (measured) => {
    log(`baseline: ${baselineSagas} sagas without housekeeping`);
    const baseline = await withSystem('soak-baseline', { ...soakCoordinatorEnv, HOUSEKEEPING_ENABLED: 'false' }, (system) =>
      drive(system, baselineSagas, Number.POSITIVE_INFINITY),
    );
    return {
      generatedAt: new Date().toISOString(),
      sagas,
      concurrency,
      maxSpread: MaxSpread,
      capped: measured.result.started < sagas,
      ...measured,
      baseline,
    };
  });
}

const renderFrom = env.SOAK_RENDER_FROM;
let report: SoakReport;
if (renderFrom === undefined) {
  await snapshotCoordinatorBuild();
  report = await soak();
} else {
  report = respread(JSON.parse(readFileSync(resolve(renderFrom), 'utf8')) as SoakReport);
}
const section = soakSection(report, renderFrom === undefined ? {} : { renderedAgainAt: new Date().toISOString() });
writeGeneratedSection(reportPath, 'soak (`npm run soak`)', section.markdown, '# Reliability');
// Every sample, for a second look at a verdict without a second run (SOAK_RENDER_FROM).
const samplesPath = resolve(repoRoot, 'test-results/soak-report.json');
if (renderFrom === undefined) {
  mkdirSync(resolve(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(samplesPath, `${JSON.stringify(report, null, 2)}\n`);
}
process.stdout.write(`\n${section.markdown}\n\nwritten to ${reportPath}${renderFrom === undefined ? ` (every sample in ${samplesPath})` : ''}\n`);
if (!section.passed) {
  process.stdout.write(`soak checks failed: ${section.failures.join('; ')}\n`);
  process.exitCode = 1;
}
