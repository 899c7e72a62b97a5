import type { LimitResult } from '../limits/postgres-commit-limit.js';
import type { ParkResult } from '../workload/park-sagas.js';
import { fmt, markdownTable, ratio } from './markdown.util.js';
import { layerBoundsTable } from './layer-bounds.js';
import { missedTargetsSection } from './missed-targets.js';
import { profileGapsSection } from './profile-gaps.js';
import type { ProfileSummary } from './profile-summary.js';
import type { RunFigures } from './run-figures.model.js';
import { issue16Targets, issue7Targets, type TargetCheck } from './targets.js';

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

function find(report: BenchReport, id: string): RunFigures | undefined {
  return report.runs.find((r) => r.id === id);
}

function targetsTable(targets: readonly TargetCheck[]): string {
  return markdownTable(
    ['target', 'measured', 'met'],
    targets.map((t) => [t.target, t.measured, t.met === undefined ? 'not measured' : t.met ? 'met' : '**not met**']),
  );
}

/** The system column: which coordinator, how many replicas. */
function systemLabel(r: RunFigures): string {
  return r.system === 'ours' && r.replicas > 1 ? `ours ×${r.replicas}` : r.system;
}

function runRows(runs: readonly RunFigures[]): string[][] {
  return runs.map((r) => [
    systemLabel(r),
    r.participants,
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
    fmt(r.participantCpuPerCommandMs, 3),
    `${fmt(r.postgresPerSagaMs.system, 2)} / ${fmt(r.postgresPerSagaMs.fence, 2)} / ${fmt(r.postgresPerSagaMs.background, 2)}`,
    `${fmt(r.coordinatorSyscallsPerSaga.writes, 1)} / ${fmt(r.participantSyscallsPerCommand?.writes, 1)}`,
    fmt(r.coordinatorPeakRssMiB, 0),
    `${fmt(r.cpuUtilisation * 100, 0)} %`,
  ]);
}

/** The run table (also printed to the terminal). */
export function runsTable(runs: readonly RunFigures[]): string {
  return markdownTable(
    [
      'system',
      'participants',
      'steps',
      'conc.',
      'comp.',
      'sagas',
      'sagas/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'coord. CPU/step ms',
      'PG commits/saga',
      'fence commits/saga',
      'msgs/saga',
      'CPU ms/saga coord/part/PG/MQ',
      'CPU ms/saga total',
      'part. CPU/command ms',
      'PG ms/saga system DB/fence DB/background',
      'write syscalls coord./saga, part./command',
      'coord. peak RSS MiB',
      'machine CPU',
    ],
    runRows(runs),
  );
}

/** The whole generated `docs/performance.md`. */
export function performanceDocument(report: BenchReport): string {
  const f = (id: string) => find(report, id);
  const limits = report.limits;
  const scaling = markdownTable(
    ['curve', 'point', 'sagas/s', 'p50 ms', 'coord. CPU/step ms', 'CPU ms/saga total', 'PG commits/saga'],
    [
      ...['ours-3-c50', 'ours-10-c50', 'ours-30-c50'].map((id) => [
        'steps (c=50)',
        `${f(id)?.steps ?? '?'} steps`,
        fmt(f(id)?.sagasPerSecond, 0),
        fmt(f(id)?.p50Ms),
        fmt(f(id)?.coordinatorCpuPerStepMs, 2),
        fmt(f(id)?.cpuPerSagaMs.total, 2),
        fmt(f(id)?.commitsPerSaga, 2),
      ]),
      ...['ours-3-c200', 'ours-3-c200-x3'].map((id) => [
        'replicas (3 steps, c=200)',
        `${f(id)?.replicas ?? '?'} replica(s)`,
        fmt(f(id)?.sagasPerSecond, 0),
        fmt(f(id)?.p50Ms),
        fmt(f(id)?.coordinatorCpuPerStepMs, 2),
        fmt(f(id)?.cpuPerSagaMs.total, 2),
        fmt(f(id)?.commitsPerSaga, 2),
      ]),
    ],
  );
  const housekeeping = markdownTable(
    ['run (3 steps, c=50)', 'sagas/s', 'p50 ms', 'p99 ms', 'CPU ms/saga total', 'PG commits/saga'],
    [
      ['without housekeeping', 'ours-3-c50-hk-off'],
      ['housekeeping deleting a backlog of expired sagas', 'ours-3-c50-hk'],
    ].map(([label, id]) => [
      label!,
      fmt(f(id!)?.sagasPerSecond, 0),
      fmt(f(id!)?.p50Ms),
      fmt(f(id!)?.p99Ms),
      fmt(f(id!)?.cpuPerSagaMs.total, 2),
      fmt(f(id!)?.commitsPerSaga, 2),
    ]),
  );
  const housekeepingRatio = `throughput ${ratio(f('ours-3-c50-hk')?.sagasPerSecond, f('ours-3-c50-hk-off')?.sagasPerSecond)}, p99 ${ratio(f('ours-3-c50-hk')?.p99Ms, f('ours-3-c50-hk-off')?.p99Ms)} (with / without)`;
  const ratios = markdownTable(
    ['ratio (3 steps)', 'c=1 throughput', 'c=1 p50', 'c=200 throughput', 'c=200 CPU/saga', 'c=200 PG commits/saga'],
    [
      [
        'ours / ceiling',
        ratio(f('ours-3-c1')?.sagasPerSecond, f('ceiling-3-c1')?.sagasPerSecond),
        ratio(f('ours-3-c1')?.p50Ms, f('ceiling-3-c1')?.p50Ms),
        ratio(f('ours-3-c200')?.sagasPerSecond, f('ceiling-3-c200')?.sagasPerSecond),
        ratio(f('ours-3-c200')?.cpuPerSagaMs.total, f('ceiling-3-c200')?.cpuPerSagaMs.total),
        ratio(f('ours-3-c200')?.commitsPerSaga, f('ceiling-3-c200')?.commitsPerSaga),
      ],
      [
        'ours / minimal',
        ratio(f('ours-3-c1')?.sagasPerSecond, f('minimal-3-c1')?.sagasPerSecond),
        ratio(f('ours-3-c1')?.p50Ms, f('minimal-3-c1')?.p50Ms),
        ratio(f('ours-3-c200')?.sagasPerSecond, f('minimal-3-c200')?.sagasPerSecond),
        ratio(f('ours-3-c200')?.cpuPerSagaMs.total, f('minimal-3-c200')?.cpuPerSagaMs.total),
        ratio(f('ours-3-c200')?.commitsPerSaga, f('minimal-3-c200')?.commitsPerSaga),
      ],
      [
        'ours / DBOS',
        ratio(f('ours-3-c1')?.sagasPerSecond, f('dbos-3-c1')?.sagasPerSecond),
        ratio(f('ours-3-c1')?.p50Ms, f('dbos-3-c1')?.p50Ms),
        ratio(f('ours-3-c200')?.sagasPerSecond, f('dbos-3-c200')?.sagasPerSecond),
        ratio(f('ours-3-c200')?.cpuPerSagaMs.total, f('dbos-3-c200')?.cpuPerSagaMs.total),
        ratio(f('ours-3-c200')?.commitsPerSaga, f('dbos-3-c200')?.commitsPerSaga),
      ],
    ],
  );
  const park = report.park;
  const parkSection = park
    ? [
        `${park.viaApi.toLocaleString('en')} sagas parked through the API (start transaction + command each), then ${park.cloned.toLocaleString('en')} more cloned in SQL (saga row + timer, as a start leaves them) to reach the count within the time budget. The step timeout is one hour; the participant never answers.`,
        '',
        markdownTable(
          ['parked sagas', 'coordinator RSS MiB'],
          park.samples.map((s) => [s.parked.toLocaleString('en'), fmt(s.rssMiB, 0)]),
        ),
      ].join('\n')
    : 'Not run.';
  return `# Performance

> **Generated by \`${report.command}\` — do not edit by hand.** Re-run the command to refresh it.

- Mode: **${report.mode}**; started ${report.startedAt}; took ${report.durationS.toFixed(0)} s.
- Machine: ${report.machine}; load average before ${report.loadBefore}, after ${report.loadAfter}.
- Versions: ${Object.entries(report.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ')}.
- Every system runs on loopback against the local PostgreSQL and RabbitMQ, each run on a fresh database, fence database and vhost; pool size ${report.poolSize} everywhere; coordinator logs at \`warn\`, auth disabled.

## Targets (issue 16)

${targetsTable(issue16Targets(report.runs))}

### What limits each missed target

${missedTargetsSection({ runs: report.runs, rabbitmqSerialP50Ms: limits.rabbitmqSerial.p50Ms, profile: report.profile?.summary })}

## Each layer beside its bound

Every ratio below divides two figures of this run. The coordinator, and what it makes PostgreSQL
and RabbitMQ do, is set beside the **minimal coordinator** (\`minimal-3-c200\`); the participants,
and their fence database, beside the **hand-written fenced participants** driven by our own
coordinator (\`ours-3-c200-handwritten\`: the same traffic, only the participant code differs).

${layerBoundsTable(report.runs)}

## Targets (issue 7)

${targetsTable(issue7Targets(report.runs))}

## Limits of this machine (same run)

${markdownTable(
  ['limit', 'rate /s', 'p50 ms', 'what'],
  [
    [
      'PostgreSQL single-row INSERT commits',
      fmt(limits.postgresCommits.perSecond, 0),
      fmt(limits.postgresCommits.p50Ms, 2),
      `${report.poolSize} connections, autocommit, synchronous_commit on`,
    ],
    [
      'RabbitMQ persistent publish → confirm → consume',
      fmt(limits.rabbitmqRoundTrips.perSecond, 0),
      fmt(limits.rabbitmqRoundTrips.p50Ms, 2),
      'quorum queue, 200 in flight',
    ],
    ['RabbitMQ, one message at a time', fmt(limits.rabbitmqSerial.perSecond, 0), fmt(limits.rabbitmqSerial.p50Ms, 2), 'quorum queue, 1 in flight'],
  ],
)}

The **ceiling** (\`bench/ceiling/\`) is a framework-free coordinator of the same shape and the same
guarantees: REST start, one transaction per event (inbox + row lock, state, step log, timer, outbox),
publish with confirms right after commit, sent-marks batched every 50 ms, relay poll as a safety net;
plain \`node:http\`, \`pg\`, \`amqplib\`, driving the same SDK participants. The **minimal coordinator**
(\`bench/reference/\`) is the bound on a coordinator's own cost: the same commits and messages per saga
on the happy path (a start commit and one commit per reply; one command per step, one reply per
command) and nothing else — no inbox (its one UPDATE per event is guarded by the saga's position, which
is the whole dedupe), no outbox, no step log, no timers, no retries; quorum queues, publisher confirms,
the reply acked after the next command is confirmed. It gives up what those buy: a crash between its
commit and the broker's confirm loses the next command, a lost reply is never timed out. It drives the
**hand-written fenced participants** (\`bench/reference/\`, plain \`amqplib\` + \`pg\`): the SDK's fence
rows and guarantees (a duplicate answered from the record, the nothing-to-undo tombstone, an execute
after its compensation refused, the ack only after the reply's confirm), with each command ONE
transaction in ONE round trip (BEGIN, the (saga, step) advisory lock, one fenced INSERT, COMMIT, sent in
one socket write with pg's pipeline mode). Our coordinator also drives them (\`ours-3-c200-handwritten\`),
so the SDK's cost per command is measured against them under the same traffic. The **peer**
(\`bench/peer/\`) is the same saga on DBOS Transact: every step and compensation a DBOS step, answered
in-process (no broker, no participant fence). **Ours** is the NestJS coordinator as built: each event is
one transaction in two round trips on a raw \`pg\` client from TypeORM's pool (BEGIN + row lock + inbox
insert; state + step log + timers + outbox + COMMIT, pipelined, named statements), commands published
with confirms right after commit, a reply's transaction marking the command it answers sent and the
relay batching the other marks every 200 ms; the timer scheduler sleeps until the next due timer.

## Ratios

${ratios}

## Scaling

${scaling}

## Housekeeping

The same load twice, one run after the other: without housekeeping (\`HOUSEKEEPING_ENABLED=false\`), then with
a one-minute retention swept every second while a backlog of finished sagas past their retention (each with its
step log, inbox and sent outbox rows) is deleted in batches of 500 all through the run (docs/retention.md).
Housekeeping's effect on the hot path: ${housekeepingRatio}.

${housekeeping}

## All runs

CPU is \`utime + stime\` from \`/proc\` over the measured window, per saga, per process: the coordinator
process(es) (ours, the ceiling, the minimal one, or the DBOS app), the participant process (three SDK or
three hand-written participants with their fences; "part. CPU/command" divides it by the commands they
answered), PostgreSQL — the backends connected to the run's own two databases, split into the
system's database and the fence database, plus the server's background processes (WAL writer,
checkpointer …, which flush every database's commits, other work's included) — and the RabbitMQ node
behind the management API (\`os_pid\`; the broker is shared, so other work's traffic on it counts). Backends of
other databases and exited ones are left out, and so is the bench's own completion listener. Commits are
\`pg_stat_database.xact_commit\` of the system's database (and of the participants' fence database), less
the completion listener's (PostgreSQL reads each notification in a read-only transaction of the listening
backend: one per saga, which earlier versions of this document counted as the system's); messages are
the vhost's publish count; both are read after the run's processes exited and divided by every saga the
run started (warm-up included), so they include the start-up's few dozen commits (migrations, pool
connections). Write and read system calls come from \`/proc/<pid>/io\` (\`syscw\`, \`syscr\`) of the
coordinator and participant processes: nearly all are socket writes and reads, and unlike CPU time
they do not change with the machine's load. Latency is start request → terminal status (NOTIFY from a trigger on the terminal
update). "machine CPU" is the measured processes' CPU over the run's wall time divided by the cores:
near 100 % means the box, not the design, is the limit.

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
- The minimal coordinator is a bound, not a product: it has none of the guarantees the inbox, outbox,
  step log and timers give (see above), so "ours / minimal" is the price of those guarantees plus our
  overhead, and only the second part is waste.
`;
}
