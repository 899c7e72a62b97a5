import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import pg from 'pg';
import { PG_ADMIN_URL } from '../test/support/test-infrastructure.js';
import { benchPlan } from './bench-plan.js';
import { repoRoot, snapshotCoordinatorBuild } from './infra/bench-process.js';
import { startCeiling } from './infra/ceiling-system.js';
import { startDbos } from './infra/dbos-system.js';
import { startMinimal } from './infra/minimal-system.js';
import { startOurs } from './infra/ours-system.js';
import { ParticipantKinds } from './infra/participants-process.js';
import { publishedMessages, rabbitmqVersion } from './infra/rabbitmq-stats.js';
import { committedTransactions, createRunEnvironment } from './infra/run-environment.js';
import { measurePostgresCommits } from './limits/postgres-commit-limit.js';
import { measureRabbitmqRoundTrips } from './limits/rabbitmq-confirm-limit.js';
import { performanceDocument, runsTable, type BenchReport } from './report/performance-document.js';
import { type ProfileSummary, summariseProfile } from './report/profile-summary.js';
import { runFigures } from './report/run-figures.js';
import type { RunFigures } from './report/run-figures.model.js';
import { issue16Targets, issue7Targets } from './report/targets.js';
import { seedExpiredSagas } from './workload/expired-sagas.js';
import { declareParkedQueue, parkSagas, type ParkResult } from './workload/park-sagas.js';
import { runScenario, type ScenarioResult, type ScenarioSpec, type SystemStarter } from './workload/scenario.js';

/**
 * `npm run bench [-- --quick] [-- --profile] [-- --out=<file>]`: limits, ours (1 and 3 replicas,
 * with the SDK participants and with the hand-written ones), the ceiling, the minimal coordinator
 * and DBOS in one bounded run on loopback; prints the table and writes the document:
 * docs/performance.md for the full run, test-results/performance-quick.md for `--quick`, or
 * `--out`. `--profile` also writes a V8 CPU profile of our coordinator during the c=200 run
 * (bench/profiles/). `--only=<id,…>` runs a subset (the document is then not written). Every
 * full or quick run also saves its figures to test-results/bench-report(-quick).json;
 * `--render-from=<that file>` writes the document again from them without a run.
 */
const args = process.argv.slice(2);
const mode = args.includes('--quick') ? 'quick' : 'full';
const profile = args.includes('--profile');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
/** Quick figures never overwrite the committed full-run document unless asked to by name. */
const outFile = resolve(
  repoRoot,
  args.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? (mode === 'full' ? 'docs/performance.md' : 'test-results/performance-quick.md'),
);
/** Where a run's figures are saved, for `--render-from`. */
const reportFile = resolve(repoRoot, mode === 'full' ? 'test-results/bench-report.json' : 'test-results/bench-report-quick.json');
const renderFrom = args.find((a) => a.startsWith('--render-from='))?.slice('--render-from='.length);
const poolSize = 10;
const benchStarted = Date.now();
/** Progress lines carry the seconds since the bench started, so a slow phase shows. */
const log = (line: string) =>
  process.stdout.write(
    `${line.startsWith('|') || line === '' ? line : `[${((Date.now() - benchStarted) / 1000).toFixed(0).padStart(3)} s] ${line}`}\n`,
  );

const coordinatorEnv: Record<string, string> = { DATABASE_POOL_SIZE: String(poolSize), AUTH_DISABLED: 'true' };

function starter(spec: ScenarioSpec): SystemStarter {
  if (spec.system === 'ceiling') return (_, env) => startCeiling(env);
  if (spec.system === 'minimal') return (_, env) => startMinimal(env);
  if (spec.system === 'dbos') return (_, env) => startDbos(env);
  return async (s, env) => {
    const participants = s.participants === 'in-process' ? ParticipantKinds.sdk : s.participants;
    const system = await startOurs(env, { replicas: s.replicas, coordinatorEnv: { ...coordinatorEnv, ...s.coordinatorEnv }, participants });
    if (s.expiredBacklog) await seedExpiredSagas(env.databaseUrl, s.expiredBacklog);
    return system;
  };
}

/**
 * A run of its own (so the profiler's overhead does not touch the measured runs): our
 * coordinator at c=200 under \`node --cpu-prof\`, summarised for the document.
 */
async function profileOurs(sagas: number): Promise<{ summary: ProfileSummary; source: string }> {
  const dir = resolve(repoRoot, 'bench', 'profiles', `run-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const spec: ScenarioSpec = {
    id: 'ours-3-c200-profile',
    system: 'ours',
    participants: ParticipantKinds.sdk,
    replicas: 1,
    steps: 3,
    concurrency: 200,
    sagas,
    warmup: 50,
    compensateRatio: 0,
  };
  const result = await runScenario(
    spec,
    (s, env) => startOurs(env, { replicas: 1, coordinatorEnv, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] }),
    log,
  );
  await result.environment.dispose();
  const [file] = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile written to ${dir}`);
  log(`  profile: ${resolve(dir, file)}`);
  return {
    summary: summariseProfile(resolve(dir, file)),
    source: `a 3-step run at c=200 (${sagas} sagas after ${spec.warmup} warm-up), \`${relative(repoRoot, resolve(dir, file))}\``,
  };
}

async function measureLimits(durationMs: number) {
  const env = await createRunEnvironment('limits');
  try {
    const postgresCommits = await measurePostgresCommits(env.databaseUrl, poolSize, durationMs);
    const rabbitmqRoundTrips = await measureRabbitmqRoundTrips(env.rabbitmqUrl, 200, durationMs);
    const rabbitmqSerial = await measureRabbitmqRoundTrips(env.rabbitmqUrl, 1, durationMs);
    return { postgresCommits, rabbitmqRoundTrips, rabbitmqSerial };
  } finally {
    await env.dispose();
  }
}

async function measureParking(viaApi: number, total: number): Promise<ParkResult> {
  const env = await createRunEnvironment('park');
  try {
    await declareParkedQueue(env.rabbitmqUrl);
    const ours = await startOurs(env, { replicas: 1, participants: false, coordinatorEnv: { AUTH_DISABLED: 'true' } });
    try {
      return await parkSagas({
        baseUrl: ours.baseUrls[0]!,
        databaseUrl: env.databaseUrl,
        coordinatorPid: ours.coordinatorPids()[0]!,
        apiCount: viaApi,
        total,
        log,
      });
    } finally {
      await ours.stop();
    }
  } finally {
    await env.dispose();
  }
}

async function versions(): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  const postgres = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?';
  await client.end();
  const pkg = (name: string) =>
    (JSON.parse(readFileSync(resolve(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  const own = JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return {
    'saga-coordinator': own.version,
    Node: process.versions.node,
    PostgreSQL: postgres,
    RabbitMQ: await rabbitmqVersion(),
    '@nestjs/core': pkg('@nestjs/core'),
    typeorm: pkg('typeorm'),
    pg: pkg('pg'),
    amqplib: pkg('amqplib'),
    '@dbos-inc/dbos-sdk': pkg('@dbos-inc/dbos-sdk'),
  };
}

/** Writes the document from saved figures (a change to the document's text needs no new run). */
function render(report: BenchReport): void {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, performanceDocument(report));
}

async function main(): Promise<void> {
  if (renderFrom !== undefined) {
    render(JSON.parse(readFileSync(resolve(repoRoot, renderFrom), 'utf8')) as BenchReport);
    log(`${relative(repoRoot, outFile)} written from ${renderFrom}`);
    return;
  }
  const started = Date.now();
  await snapshotCoordinatorBuild();
  const plan = benchPlan(mode);
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  log(`saga-coordinator bench (${mode})`);
  log('limits …');
  const limits = await measureLimits(plan.limitDurationMs);
  log(
    `  PostgreSQL ${limits.postgresCommits.perSecond.toFixed(0)} commits/s; RabbitMQ ${limits.rabbitmqRoundTrips.perSecond.toFixed(0)} msgs/s (200 in flight), ${limits.rabbitmqSerial.p50Ms.toFixed(2)} ms one at a time`,
  );
  const results: ScenarioResult[] = [];
  for (const spec of plan.scenarios.filter((s) => !only || only.includes(s.id))) {
    log(`${spec.id} …`);
    results.push(await runScenario(spec, starter(spec), log));
  }
  let profiled: { summary: ProfileSummary; source: string } | undefined;
  if ((mode === 'full' || profile) && (!only || only.includes('profile'))) {
    log('profiling ours …');
    profiled = await profileOurs(plan.profileSagas);
  }
  let park: ParkResult | undefined;
  if (!only || only.includes('park')) {
    log(`parking ${plan.parkTotal} sagas …`);
    park = await measureParking(plan.parkViaApi, plan.parkTotal);
  }
  log('reading counters …');
  const figures: RunFigures[] = [];
  for (const result of results) {
    const env = result.environment;
    const counters = {
      // The completion listener's reads of the notification queue are the bench's commits, not the system's.
      commits: (await committedTransactions(env.databaseName)) - result.listenerNotifications,
      fenceCommits: result.spec.system === 'dbos' ? undefined : await committedTransactions(env.fenceDatabaseName),
      messages: result.spec.system === 'dbos' ? 0 : await publishedMessages(env.vhost, result.stoppedAt),
    };
    figures.push(runFigures(result, counters, cpus().length));
  }
  await Promise.all(results.map((result) => result.environment.dispose()));
  const report: BenchReport = {
    command: `npm run bench${mode === 'quick' ? ' -- --quick' : ''}`,
    mode,
    startedAt: new Date(started).toISOString(),
    durationS: (Date.now() - started) / 1000,
    versions: await versions(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform} ${process.arch}`,
    loadBefore,
    loadAfter: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    poolSize,
    limits,
    runs: figures,
    park,
    profile: profiled,
  };
  log('');
  log(runsTable(figures));
  log('');
  for (const target of [...issue16Targets(figures), ...issue7Targets(figures)])
    log(`${target.met === undefined ? '?' : target.met ? '✓' : '✗'} ${target.target}: ${target.measured}`);
  if (only) {
    log(`(--only: ${relative(repoRoot, outFile)} not written)`);
    return;
  }
  mkdirSync(dirname(reportFile), { recursive: true });
  writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  render(report);
  log(`${relative(repoRoot, outFile)} written in ${report.durationS.toFixed(0)} s (figures: ${relative(repoRoot, reportFile)})`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
