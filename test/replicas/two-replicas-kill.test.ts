import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants, waitForQuiescence, type InvariantReport } from '../chaos/support/invariants.js';
import { installParticipantLedger } from '../support/participant-ledger.js';
import { closeAllConnectionsOfVhost, vhostConnections } from '../chaos/support/rabbitmq-admin.js';
import { ExpectedStatus, planOrders, submitOrders, type AcceptedSaga, type PlannedOrder } from '../chaos/support/saga-driver.js';
import { invariantsViolated } from '../chaos/support/scenario-runner.js';
import { BrokenVariantNames, type BrokenVariantName } from '../chaos/support/broken-variants.js';
import { prepareChaosBuild, type ChaosBuild } from '../chaos/support/chaos-build.js';
import { seededRandom } from '../chaos/support/seeded-random.util.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';
import { CoordinatorReplica } from './support/coordinator-replica.js';
import { NpmScriptProcess } from './support/npm-script-process.js';

/**
 * `npm run check:replicas` (issue #3): two coordinator replicas started with
 * `npm run start:coordinator` on ports 3000 and 3001 and the participants with
 * `npm run start:examples`, all on a database and vhost of their own. While order sagas run,
 * replica 1 is SIGKILLed and restarted, every broker connection of the vhost is closed once,
 * then replica 2 is SIGKILLed and restarted. After quiescence every saga must have its expected
 * end and the participants' ledger must show no effect or undo applied twice.
 * REPLICAS_SAGAS (default 400), REPLICAS_SEED to replay a mix. REPLICAS_VARIANT=no-inbox (or
 * another broken build of test/chaos/support/broken-variants.ts) runs the same check on a
 * patched copy of the build and passes only if the check catches the fault.
 */
const sagaCount = Math.max(40, Number(process.env.REPLICAS_SAGAS ?? '400') || 400);
const seed = /^\d+$/.test(process.env.REPLICAS_SEED ?? '') ? Number(process.env.REPLICAS_SEED) : Math.floor(Math.random() * 2 ** 31);
const Ports = [3000, 3001] as const;
const variant = brokenVariantFromEnv(process.env.REPLICAS_VARIANT);

const runFile = promisify(execFile);

/** Settings of both replicas: no auth and no quotas in the way of the load; the relay polls often so a crash's leftovers go out soon. */
const coordinatorSettings = {
  HOST: '127.0.0.1',
  AUTH_DISABLED: 'true',
  RATE_LIMIT_PER_KEY: '1000000',
  MAX_IN_FLIGHT_SAGAS_PER_KEY: '1000000',
  OUTBOX_POLL_INTERVAL_MS: '500',
  LOG_LEVEL: 'warn',
} as const;

/** One fault as it happened. */
interface FaultRecord {
  readonly fault: string;
  /** Sagas RUNNING or COMPENSATING when it fired. */
  readonly inFlight: number;
  readonly evidence: string[];
  /** The proof that it fired and healed (the process died and came back; the connections were cut and re-opened). */
  readonly fired: boolean;
}

let infra: TestInfrastructure;
let db: pg.Pool;
let participants: NpmScriptProcess;
let replicas: CoordinatorReplica[] = [];
let brokenBuild: ChaosBuild | undefined;

function brokenVariantFromEnv(raw: string | undefined): BrokenVariantName | undefined {
  if (raw === undefined || raw === '' || raw === 'correct') return undefined;
  const known = Object.values(BrokenVariantNames) as string[];
  if (!known.includes(raw)) throw new Error(`REPLICAS_VARIANT=${raw}: expected one of ${known.join(', ')}`);
  return raw as BrokenVariantName;
}

async function assertPortFree(port: number): Promise<void> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error as Error))]).catch((error: Error) => {
    throw new Error(`port ${port} is taken (${error.message}): the check runs the replicas on ports 3000 and 3001; stop what listens there`);
  });
  server.close();
}

async function countSagas(statuses?: readonly string[]): Promise<number> {
  const { rows } = statuses
    ? await db.query<{ n: string }>('SELECT count(*) AS n FROM saga WHERE status = ANY($1)', [statuses])
    : await db.query<{ n: string }>('SELECT count(*) AS n FROM saga');
  return Number(rows[0]?.n);
}

/** Submits a burst of orders and fires `fault` once 80% of them exist, i.e. while the burst's sagas are under way. */
async function burst(orders: readonly PlannedOrder[], fault?: (inFlight: number) => Promise<FaultRecord>) {
  const before = await countSagas();
  let settled = false;
  const submission = submitOrders(orders, () => replicas.filter((r) => r.ready).map((r) => r.baseUrl), {
    concurrency: 96,
    deadlineMs: 180_000,
  }).finally(() => {
    settled = true;
  });
  let record: FaultRecord | undefined;
  if (fault) {
    await eventually(async () => (settled || (await countSagas()) >= before + orders.length * 0.8 ? true : undefined), {
      timeoutMs: 120_000,
      intervalMs: 20,
      what: '80% of the burst to be accepted',
    });
    const stillSubmitting = !settled;
    const fired = await fault(await countSagas(['RUNNING', 'COMPENSATING']));
    record = {
      ...fired,
      evidence: [`the burst was ${stillSubmitting ? 'still being submitted' : 'already submitted'} when it fired`, ...fired.evidence],
    };
  }
  return { ...(await submission), record };
}

async function crashAndRestart(replica: CoordinatorReplica, inFlight: number): Promise<FaultRecord> {
  const kill = await replica.crash();
  const restartMs = await replica.start();
  return {
    fault: `SIGKILL ${replica.label} (port ${replica.port})`,
    inFlight,
    evidence: [
      `node pid ${kill.pid} (${kill.args}) SIGKILLed, gone: ${kill.gone}; its npm run exited with ${kill.npmExit}`,
      `restarted with npm run start:coordinator, ready in ${restartMs} ms`,
    ],
    fired: kill.gone && replica.ready,
  };
}

/** Lines the coordinator and the SDK log when the broker drops a connection. */
function connectionLostLines(): number {
  const logs = [...replicas.flatMap((r) => r.incarnations.map((npm) => npm.log)), participants.log];
  return logs.reduce((sum, log) => sum + (log.match(/connection lost|RabbitMQ connection \S+ lost/g)?.length ?? 0), 0);
}

async function closeAllConnections(inFlight: number): Promise<FaultRecord> {
  const before = await vhostConnections(infra.vhost);
  const linesBefore = connectionLostLines();
  const started = Date.now();
  await closeAllConnectionsOfVhost(infra.vhost, 'two-replica kill check');
  const oldNames = new Set(before.map((c) => c.name));
  // Every process re-opens what it had: as many connections as before, none of them an old one.
  const reopened = await eventually(
    async () => {
      const now = await vhostConnections(infra.vhost);
      return now.length >= before.length && now.every((c) => !oldNames.has(c.name)) ? now.length : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 100, what: 'every connection of the vhost to be re-opened' },
  ).catch(() => 0);
  const reopenMs = Date.now() - started;
  await eventually(() => (connectionLostLines() - linesBefore >= before.length ? true : undefined), {
    timeoutMs: 10_000,
    what: 'the lost-connection log lines',
  }).catch(() => undefined);
  const logged = connectionLostLines() - linesBefore;
  return {
    fault: `rabbitmqctl close_all_connections -p ${infra.vhost}`,
    inFlight,
    evidence: [
      `${before.length} connections closed by the broker, ${logged} "connection lost" log lines`,
      `${reopened} connections re-opened within ${reopenMs} ms`,
    ],
    fired: before.length > 0 && reopened >= before.length && logged >= before.length,
  };
}

/** How the faults showed in the step log: commands sent again after a timeout or error, replies that changed nothing. */
async function stepLogEcho(): Promise<string> {
  const { rows } = await db.query<{ retries: string; ignored: string }>(
    `SELECT count(*) FILTER (WHERE type IN ('StepStarted', 'CompensationStarted') AND attempt > 1) AS retries,
            count(*) FILTER (WHERE type = 'ReplyIgnored') AS ignored
     FROM saga_event`,
  );
  return `${rows[0]?.retries} commands sent again (attempt > 1), ${rows[0]?.ignored} replies ignored as duplicate or stale`;
}

function summary(lines: {
  accepted: AcceptedSaga[];
  notAccepted: number;
  faults: FaultRecord[];
  report: InvariantReport;
  byExpectation: string[];
  quiescent: boolean;
  durationMs: number;
  stepLog: string;
}): string {
  const { report } = lines;
  return [
    `two-replica kill check${variant ? ` on the broken build "${variant}"` : ''}: ${sagaCount} order sagas, seed ${seed}, ${(lines.durationMs / 1000).toFixed(1)} s`,
    `  accepted ${lines.accepted.length}, not accepted ${lines.notAccepted}, retried after no answer ${lines.accepted.filter((a) => a.retriedAfterNoAnswer).length}`,
    `  ended: ${lines.byExpectation.join(', ')}`,
    `  faults (${lines.faults.filter((f) => f.fired).length} of ${lines.faults.length} fired and healed):`,
    ...lines.faults.flatMap((f) => [`    ${f.fault}, ${f.inFlight} sagas in flight`, ...f.evidence.map((e) => `      ${e}`)]),
    `  quiescent: ${lines.quiescent}; invariants: lost ${report.lostSagas}, lost messages ${report.lostMessages}, doubled ${report.doubled}, out of order ${report.outOfOrder}, ` +
      `net non-zero ${report.netNonZero}, stuck ${report.stuck}, unsent outbox ${report.unsentOutbox}, duplicate sagas ${report.duplicateSagas}, unexpected end ${report.unexpectedOutcome}`,
    `  step log: ${lines.stepLog}`,
    `  time to terminal: p50 ${report.p50Ms} ms, p99 ${report.p99Ms} ms`,
    ...report.findings.map((f) => `  ! ${f}`),
  ].join('\n');
}

describe('two coordinator replicas started with npm run, each killed and restarted mid-run', () => {
  beforeAll(async () => {
    for (const port of Ports) await assertPortFree(port);
    infra = await createTestInfrastructure('saga_replicas');
    const env = { DATABASE_URL: infra.databaseUrl, RABBITMQ_URL: infra.rabbitmqUrl };
    db = new pg.Pool({ connectionString: infra.databaseUrl, max: 4 });
    await runFile('npm', ['run', 'migration:run'], { env: { ...process.env, ...env }, timeout: 120_000 });
    brokenBuild = variant ? await prepareChaosBuild(variant) : undefined;
    replicas = Ports.map(
      (port, index) => new CoordinatorReplica(`replica-${index + 1}`, port, { ...coordinatorSettings, ...env }, brokenBuild?.root),
    );
    await Promise.all(replicas.map((r) => r.start()));
    // After the coordinators declared the shared topology, as an operator would start them.
    participants = NpmScriptProcess.start('start:examples', env, 'examples', brokenBuild?.root);
    await participants.nodeProcesses('examples/order/dist/', 3);
    await eventually(
      async () => {
        const response = await fetch(`${replicas[0]!.baseUrl}/v1/participants`);
        const body = await response.json();
        return Array.isArray(body) && body.length === 3 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the three participants to announce themselves' },
    );
    await installParticipantLedger(db);
  });

  afterAll(async () => {
    await Promise.all([...replicas.map((r) => r.stop()), participants?.stop()]);
    await db?.end();
    await infra?.dispose();
    brokenBuild?.dispose();
  });

  const title = variant
    ? `catches the broken build "${variant}": some saga ends wrong or an invariant breaks`
    : 'ends every saga as its order implies, with no participant effect doubled';
  it(title, async () => {
    const started = Date.now();
    const orders = planOrders(sagaCount, seededRandom(seed), 'replicas');
    const quarter = Math.ceil(orders.length / 4);
    const [first, second, third, last] = [0, 1, 2, 3].map((i) => orders.slice(i * quarter, (i + 1) * quarter));
    const results = [
      await burst(first!, (inFlight) => crashAndRestart(replicas[0]!, inFlight)),
      await burst(second!, closeAllConnections),
      await burst(third!, (inFlight) => crashAndRestart(replicas[1]!, inFlight)),
      // Both replicas are restarted incarnations now: they must take new work too.
      await burst(last!),
    ];
    const accepted = results.flatMap((r) => r.accepted);
    const notAccepted = results.reduce((sum, r) => sum + r.refused.length, 0);
    const faults = results.flatMap((r) => (r.record ? [r.record] : []));

    // A broken build may never get there: a shorter wait is enough to see what it broke.
    const quiescent = await waitForQuiescence(db, infra.vhost, accepted, variant ? 45_000 : 120_000);
    const report = await checkInvariants(db, accepted);
    const statuses = new Map((await db.query<{ id: string; status: string }>('SELECT id, status FROM saga')).rows.map((r) => [r.id, r.status]));
    const byExpectation = (['COMPLETED', 'COMPENSATED'] as const).map((expected) => {
      const meant = accepted.filter((a) => ExpectedStatus[a.order.kind] === expected);
      return `${expected} ${meant.filter((a) => statuses.get(a.sagaId) === expected).length}/${meant.length}`;
    });
    const wrongEnd = accepted.filter((a) => statuses.get(a.sagaId) !== ExpectedStatus[a.order.kind]);
    console.log(
      summary({ accepted, notAccepted, faults, report, byExpectation, quiescent, durationMs: Date.now() - started, stepLog: await stepLogEcho() }),
    );

    const postMortem = () => `${replicas.map((r) => r.log).join('\n')}\n--- examples\n${participants.log.slice(-4000)}`;
    expect(
      faults.map((f) => `${f.fault}: ${f.fired}`),
      postMortem(),
    ).toEqual(faults.map((f) => `${f.fault}: true`));
    expect(notAccepted, 'orders the API never accepted').toBe(0);
    const problems = [
      ...(quiescent ? [] : ['no quiescence: sagas still open, outbox rows unsent or queues not empty']),
      ...wrongEnd.map((a) => `${a.order.orderId} (${a.order.kind}) ended ${statuses.get(a.sagaId)}`),
      ...(invariantsViolated(report) ? report.findings : []),
    ];
    if (variant === undefined) expect(problems, postMortem()).toEqual([]);
    else expect(problems.length, `the check did not catch the broken build "${variant}"`).toBeGreaterThan(0);
  });
});
