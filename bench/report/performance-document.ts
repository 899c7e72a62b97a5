import type { LimitResult } from '../limits/postgres-commit-limit.js';
import type { ParkResult } from '../workload/park-sagas.js';
import { fmt, markdownTable, ratio } from './markdown.util.js';
import { profileGapsSection } from './profile-gaps.js';
import type { ProfileSummary } from './profile-summary.js';
import type { RunFigures } from './run-figures.js';

/** Everything one bench run found, as the document prints it. */
export interface BenchReport {
  readonly command: string;
  readonly mode: 'quick' | 'full';
  readonly startedAt: string;
  readonly durationS: number;
  readonly versions: Readonly<Record<string, string>>;
  readonly machine: string;
  readonly loadBefore: string;
  readonly loadAfter: string;
  readonly poolSize: number;
  readonly limits: { readonly postgresCommits: LimitResult; readonly rabbitmqRoundTrips: LimitResult; readonly rabbitmqSerial: LimitResult };
  readonly runs: readonly RunFigures[];
  readonly park: ParkResult | undefined;
  /** Where our coordinator's CPU went, from a profiled run of its own. */
  readonly profile?: { readonly summary: ProfileSummary; readonly source: string };
}

/** One target of issue 7 and whether the run met it. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | undefined;
}

function find(report: BenchReport, id: string): RunFigures | undefined {
  return report.runs.find((r) => r.id === id);
}

/** The targets of issue 7, checked against this run. */
export function checkTargets(report: BenchReport): TargetCheck[] {
  const ours200 = find(report, 'ours-3-c200');
  const ceiling200 = find(report, 'ceiling-3-c200');
  const dbos200 = find(report, 'dbos-3-c200');
  const ours1 = find(report, 'ours-3-c1');
  const ceiling1 = find(report, 'ceiling-3-c1');
  const replicas3 = find(report, 'ours-3-c200-x3');
  const check = (target: string, a: number | undefined, b: number | undefined, ok: (x: number) => boolean, unit = '×'): TargetCheck => {
    const value = a === undefined || b === undefined ? undefined : a / b;
    return { target, measured: value === undefined ? 'n/a' : `${value.toFixed(2)}${unit}`, met: value === undefined ? undefined : ok(value) };
  };
  const commits = ours200?.commitsPerSaga;
  const perReplica = replicas3 && ours200 ? replicas3.sagasPerSecond / 3 / ours200.sagasPerSecond : undefined;
  return [
    check('throughput at c=200 ≥ 0.9 × ceiling', ours200?.sagasPerSecond, ceiling200?.sagasPerSecond, (x) => x >= 0.9),
    check('throughput at c=200 ≥ 2.5 × DBOS', ours200?.sagasPerSecond, dbos200?.sagasPerSecond, (x) => x >= 2.5),
    check('total CPU per saga ≤ 1.2 × ceiling', ours200?.cpuPerSagaMs.total, ceiling200?.cpuPerSagaMs.total, (x) => x <= 1.2),
    { target: '≤ 4 coordinator-side PostgreSQL commits per 3-step saga', measured: fmt(commits, 2), met: commits === undefined ? undefined : commits <= 4 },
    check('p50 latency at c=1 ≤ 1.2 × ceiling', ours1?.p50Ms, ceiling1?.p50Ms, (x) => x <= 1.2),
    {
      target: 'throughput per replica within 10 % from 1 to 3 replicas (or a saturated resource named)',
      measured: perReplica === undefined ? 'n/a' : `${perReplica.toFixed(2)}× per replica; machine CPU ${fmt((replicas3?.cpuUtilisation ?? 0) * 100, 0)} % busy`,
      met: perReplica === undefined ? undefined : perReplica >= 0.9 || (replicas3?.cpuUtilisation ?? 0) > 0.9,
    },
  ];
}

function runRows(runs: readonly RunFigures[]): string[][] {
  return runs.map((r) => [
    r.system === 'ours' && r.replicas > 1 ? `ours ×${r.replicas}` : r.system,
    String(r.steps),
    String(r.concurrency),
    `${r.compensatePercent} %`,
    String(r.sagas),
    fmt(r.sagasPerSecond, 0),
    fmt(r.p50Ms, 1),
    fmt(r.p95Ms, 1),
    fmt(r.p99Ms, 1),
    fmt(r.coordinatorCpuPerStepMs, 2),
    fmt(r.commitsPerSaga, 2),
    fmt(r.fenceCommitsPerSaga, 2),
    fmt(r.messagesPerSaga, 1),
    `${fmt(r.cpuPerSagaMs.coordinator, 2)} / ${fmt(r.cpuPerSagaMs.participants, 2)} / ${fmt(r.cpuPerSagaMs.postgres, 2)} / ${fmt(r.cpuPerSagaMs.rabbitmq, 2)}`,
    fmt(r.cpuPerSagaMs.total, 2),
    fmt(r.coordinatorPeakRssMiB, 0),
    `${fmt(r.cpuUtilisation * 100, 0)} %`,
  ]);
}

/** The run table (also printed to the terminal). */
export function runsTable(runs: readonly RunFigures[]): string {
  return markdownTable(
    ['system', 'steps', 'conc.', 'comp.', 'sagas', 'sagas/s', 'p50 ms', 'p95 ms', 'p99 ms', 'coord. CPU/step ms', 'PG commits/saga', 'fence commits/saga', 'msgs/saga', 'CPU ms/saga coord/part/PG/MQ', 'CPU ms/saga total', 'coord. peak RSS MiB', 'machine CPU'],
    runRows(runs),
  );
}

/** The whole generated `docs/performance.md`. */
export function performanceDocument(report: BenchReport): string {
  const targets = checkTargets(report);
  const f = (id: string) => find(report, id);
  const limits = report.limits;
  const scaling = markdownTable(
    ['curve', 'point', 'sagas/s', 'p50 ms', 'coord. CPU/step ms', 'CPU ms/saga total', 'PG commits/saga'],
    [
      ...['ours-3-c50', 'ours-10-c50', 'ours-30-c50'].map((id) => ['steps (c=50)', `${f(id)?.steps ?? '?'} steps`, fmt(f(id)?.sagasPerSecond, 0), fmt(f(id)?.p50Ms), fmt(f(id)?.coordinatorCpuPerStepMs, 2), fmt(f(id)?.cpuPerSagaMs.total, 2), fmt(f(id)?.commitsPerSaga, 2)]),
      ...['ours-3-c200', 'ours-3-c200-x3'].map((id) => ['replicas (3 steps, c=200)', `${f(id)?.replicas ?? '?'} replica(s)`, fmt(f(id)?.sagasPerSecond, 0), fmt(f(id)?.p50Ms), fmt(f(id)?.coordinatorCpuPerStepMs, 2), fmt(f(id)?.cpuPerSagaMs.total, 2), fmt(f(id)?.commitsPerSaga, 2)]),
    ],
  );
  const ratios = markdownTable(
    ['ratio (3 steps)', 'c=1 throughput', 'c=1 p50', 'c=200 throughput', 'c=200 CPU/saga', 'c=200 PG commits/saga'],
    [
      ['ours / ceiling', ratio(f('ours-3-c1')?.sagasPerSecond, f('ceiling-3-c1')?.sagasPerSecond), ratio(f('ours-3-c1')?.p50Ms, f('ceiling-3-c1')?.p50Ms), ratio(f('ours-3-c200')?.sagasPerSecond, f('ceiling-3-c200')?.sagasPerSecond), ratio(f('ours-3-c200')?.cpuPerSagaMs.total, f('ceiling-3-c200')?.cpuPerSagaMs.total), ratio(f('ours-3-c200')?.commitsPerSaga, f('ceiling-3-c200')?.commitsPerSaga)],
      ['ours / DBOS', ratio(f('ours-3-c1')?.sagasPerSecond, f('dbos-3-c1')?.sagasPerSecond), ratio(f('ours-3-c1')?.p50Ms, f('dbos-3-c1')?.p50Ms), ratio(f('ours-3-c200')?.sagasPerSecond, f('dbos-3-c200')?.sagasPerSecond), ratio(f('ours-3-c200')?.cpuPerSagaMs.total, f('dbos-3-c200')?.cpuPerSagaMs.total), ratio(f('ours-3-c200')?.commitsPerSaga, f('dbos-3-c200')?.commitsPerSaga)],
    ],
  );
  const park = report.park;
  const parkSection = park
    ? [
        `${park.viaApi.toLocaleString('en')} sagas parked through the API (start transaction + command each), then ${park.cloned.toLocaleString('en')} more cloned in SQL (saga row + timer, as a start leaves them) to reach the count within the time budget. The step timeout is one hour; the participant never answers.`,
        '',
        markdownTable(['parked sagas', 'coordinator RSS MiB'], park.samples.map((s) => [s.parked.toLocaleString('en'), fmt(s.rssMiB, 0)])),
      ].join('\n')
    : 'Not run.';
  return `# Performance

> **Generated by \`${report.command}\` — do not edit by hand.** Re-run the command to refresh it.

- Mode: **${report.mode}**; started ${report.startedAt}; took ${report.durationS.toFixed(0)} s.
- Machine: ${report.machine}; load average before ${report.loadBefore}, after ${report.loadAfter}.
- Versions: ${Object.entries(report.versions).map(([k, v]) => `${k} ${v}`).join('; ')}.
- Every system runs on loopback against the local PostgreSQL and RabbitMQ, each run on a fresh database, fence database and vhost; pool size ${report.poolSize} everywhere; coordinator logs at \`warn\`, auth disabled.

## Targets (issue 7)

${markdownTable(['target', 'measured', 'met'], targets.map((t) => [t.target, t.measured, t.met === undefined ? 'not measured' : t.met ? 'met' : '**not met**']))}

## Limits of this machine (same run)

${markdownTable(
  ['limit', 'rate /s', 'p50 ms', 'what'],
  [
    ['PostgreSQL single-row INSERT commits', fmt(limits.postgresCommits.perSecond, 0), fmt(limits.postgresCommits.p50Ms, 2), `${report.poolSize} connections, autocommit, synchronous_commit on`],
    ['RabbitMQ persistent publish → confirm → consume', fmt(limits.rabbitmqRoundTrips.perSecond, 0), fmt(limits.rabbitmqRoundTrips.p50Ms, 2), 'quorum queue, 200 in flight'],
    ['RabbitMQ, one message at a time', fmt(limits.rabbitmqSerial.perSecond, 0), fmt(limits.rabbitmqSerial.p50Ms, 2), 'quorum queue, 1 in flight'],
  ],
)}

The **ceiling** (\`bench/ceiling/\`) is a framework-free coordinator of the same shape: REST start, one
transaction per event (inbox + row lock, state, step log, timer, outbox), publish with confirms right
after commit, sent-marks batched every 50 ms, relay poll as a safety net; plain \`node:http\`, \`pg\`,
\`amqplib\`, driving the same SDK participants. The **peer** (\`bench/peer/\`) is the same saga on DBOS
Transact: every step and compensation a DBOS step, answered in-process (no broker, no participant fence).
**Ours** is the NestJS coordinator as built: each event is one transaction in two round trips on a raw
\`pg\` client from TypeORM's pool (BEGIN + row lock + inbox insert; state + step log + timers + outbox
+ COMMIT, pipelined, named statements), commands published with confirms right after commit, a
reply's transaction marking the command it answers sent and the relay batching the other marks
every 200 ms; the timer scheduler sleeps until the next due timer.

## Ratios

${ratios}

## Scaling

${scaling}

## All runs

CPU is \`utime + stime\` from \`/proc\` over the measured window, per saga: our coordinator process(es)
(or the ceiling / DBOS process), the bench participants (one process, three SDK participants with the
fence), every PostgreSQL process (reaped backends included) and RabbitMQ's \`beam.smp\`. Commits are
\`pg_stat_database.xact_commit\` of the system's database (and of the participants' fence database),
messages the vhost's publish count, both read after the run's processes exited and divided by every
saga the run started (warm-up included). Latency is start request → terminal status (NOTIFY from a
trigger on the terminal update). "machine CPU" is the measured processes' CPU over the run's wall time
divided by the cores: near 100 % means the box, not the design, is the limit.

${runsTable(report.runs)}

## Where the coordinator's CPU goes, and what would close the gap

${profileGapsSection(report.profile?.summary, report.profile?.source ?? '')}

## Waiting sagas cost no memory

${parkSection}

## Caveats

- Other work on the same machine (other test suites, builds) competes for the two cores; the load
  averages above show how busy it was. Compare ratios within one run, not absolute figures across runs.
- The DBOS peer runs its steps in-process: it pays no broker hop and no participant transaction,
  which our design and the ceiling do (the participant fence is one more commit per step).
`;
}
