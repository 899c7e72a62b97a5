import type pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExpectedStatus, type AcceptedSaga } from './saga-driver.js';
import { readLedger, type LedgerEntry } from '../../support/participant-ledger.js';
import { vhostQueues } from './rabbitmq-admin.js';

const Terminal = new Set(['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED']);
/** The relay's poll interval in chaos runs plus its minimum row age, with margin. */
const OutboxGraceSeconds = 3;

/** What the six invariants found for one scenario (every count should be 0). */
export interface InvariantReport {
  accepted: number;
  completed: number;
  compensated: number;
  flagged: number;
  /** Invariant 1: accepted sagas missing, and commands the log started whose reply never reached the coordinator. */
  lostSagas: number;
  lostMessages: number;
  /** Invariant 2: (saga, step) pairs with more than one effect or more than one undo in the participant ledger. */
  doubled: number;
  /** Invariant 3: sagas whose compensations (step log or participant ledger) are not the reverse of their steps. */
  outOfOrder: number;
  /** Invariant 4: COMPENSATED sagas with an effect left, COMPLETED ones without exactly one effect per step. */
  netNonZero: number;
  /** Invariant 5: sagas still RUNNING/COMPENSATING after quiescence. */
  stuck: number;
  /** Invariant 6: unsent outbox rows older than the relay interval. */
  unsentOutbox: number;
  /** Sagas that ended with another status than their order kind implies (not one of the six; reported). */
  unexpectedOutcome: number;
  /** More than one saga for one Idempotency-Key. */
  duplicateSagas: number;
  /** Time from creation to the terminal status, in ms. */
  p50Ms: number;
  p99Ms: number;
  /** Human-readable findings, a few per kind, for the failure message. */
  findings: string[];
}

/** Polls until every accepted saga is terminal, the outbox is drained and the vhost's queues are empty (or the timeout). */
export async function waitForQuiescence(db: pg.Pool, vhost: string, accepted: readonly AcceptedSaga[], timeoutMs = 150_000): Promise<boolean> {
  const ids = accepted.map((a) => a.sagaId);
  const deadline = Date.now() + timeoutMs;
  let quietRounds = 0;
  while (Date.now() < deadline) {
    const quiet = await isQuiet(db, vhost, ids).catch(() => false);
    quietRounds = quiet ? quietRounds + 1 : 0;
    // Twice in a row, a second apart: a late duplicate still in flight shows up in between.
    if (quietRounds >= 2) return true;
    await sleep(1_000);
  }
  return false;
}

async function isQuiet(db: pg.Pool, vhost: string, ids: readonly string[]): Promise<boolean> {
  const { rows } = await db.query<{ open: string; unsent: string }>(
    `SELECT (SELECT count(*) FROM saga WHERE id = ANY($1::uuid[]) AND status NOT IN ('COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED')) AS open,
            (SELECT count(*) FROM outbox_message WHERE sent_at IS NULL) AS unsent`,
    [ids],
  );
  if (Number(rows[0]?.open) > 0 || Number(rows[0]?.unsent) > 0) return false;
  const queues = await vhostQueues(vhost);
  return queues.filter((q) => !q.name.includes('dead-letter')).every((q) => q.messages === 0);
}

interface SagaRow {
  id: string;
  status: string;
  idempotency_key: string | null;
  ms: number | null;
}
interface EventRow {
  saga_id: string;
  type: string;
  step: string | null;
  attempt: number | null;
  data: { kind?: string } | null;
}

/** Checks the six invariants of RELIABILITY.md in the coordinator's and the participants' tables. */
export async function checkInvariants(db: pg.Pool, accepted: readonly AcceptedSaga[]): Promise<InvariantReport> {
  const findings: string[] = [];
  const note = (finding: string): void => {
    if (findings.length < 25) findings.push(finding);
  };
  const sagas = new Map(
    (
      await db.query<SagaRow>(
        `SELECT id, status, idempotency_key,
                CASE WHEN status IN ('COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED')
                     THEN extract(epoch FROM updated_at - created_at) * 1000 END AS ms
         FROM saga`,
      )
    ).rows.map((row) => [row.id, row]),
  );
  const events = groupBy(
    (await db.query<EventRow>('SELECT saga_id, type, step, attempt, data FROM saga_event ORDER BY saga_id, seq')).rows,
    (e) => e.saga_id,
  );
  const inbox = new Set((await db.query<{ message_id: string }>('SELECT message_id FROM inbox_message')).rows.map((r) => r.message_id));
  const ledger = groupBy(await readLedger(db), (entry) => entry.sagaId);
  const unsent = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL AND created_at < now() - make_interval(secs => $1)`,
    [OutboxGraceSeconds],
  );

  const report: InvariantReport = {
    accepted: accepted.length,
    completed: 0,
    compensated: 0,
    flagged: 0,
    lostSagas: 0,
    lostMessages: 0,
    doubled: 0,
    outOfOrder: 0,
    netNonZero: 0,
    stuck: 0,
    unsentOutbox: Number(unsent.rows[0]?.n ?? 0),
    unexpectedOutcome: 0,
    duplicateSagas: 0,
    p50Ms: 0,
    p99Ms: 0,
    findings,
  };
  if (report.unsentOutbox > 0) note(`${report.unsentOutbox} unsent outbox row(s) older than ${OutboxGraceSeconds} s`);

  const keys = new Map<string, number>();
  for (const saga of sagas.values()) if (saga.idempotency_key) keys.set(saga.idempotency_key, (keys.get(saga.idempotency_key) ?? 0) + 1);
  const durations: number[] = [];

  for (const { sagaId, order } of accepted) {
    const saga = sagas.get(sagaId);
    if (!saga) {
      report.lostSagas += 1;
      note(`saga ${sagaId} (order ${order.orderId}) was accepted but does not exist`);
      continue;
    }
    if ((keys.get(order.orderId) ?? 0) > 1) {
      report.duplicateSagas += 1;
      note(`order ${order.orderId} has ${keys.get(order.orderId)} sagas`);
    }
    if (saga.status === 'COMPLETED') report.completed += 1;
    else if (saga.status === 'COMPENSATED') report.compensated += 1;
    else if (saga.status === 'COMPENSATION_FAILED') report.flagged += 1;
    if (!Terminal.has(saga.status)) {
      report.stuck += 1;
      note(`saga ${sagaId} is still ${saga.status}`);
    } else if (saga.ms !== null) durations.push(Number(saga.ms));
    if (Terminal.has(saga.status) && saga.status !== 'COMPENSATION_FAILED' && saga.status !== ExpectedStatus[order.kind]) {
      report.unexpectedOutcome += 1;
      note(`saga ${sagaId} (${order.kind}) ended ${saga.status}`);
    }

    const log = events.get(sagaId) ?? [];
    for (const lost of startedCommandsWithoutReply(sagaId, log, inbox)) {
      report.lostMessages += 1;
      note(`saga ${sagaId}: command ${lost} was started but its reply never reached the coordinator`);
    }
    const entries = ledger.get(sagaId) ?? [];
    for (const doubled of doubledSteps(entries)) {
      report.doubled += 1;
      note(`saga ${sagaId}: ${doubled}`);
    }
    const order_ = compensationOrderProblem(log, entries);
    if (order_ !== undefined) {
      report.outOfOrder += 1;
      note(`saga ${sagaId}: ${order_}`);
    }
    const net = netEffectProblem(saga.status, entries);
    if (net !== undefined) {
      report.netNonZero += 1;
      note(`saga ${sagaId} (${saga.status}): ${net}`);
    }
  }
  durations.sort((a, b) => a - b);
  report.p50Ms = Math.round(percentile(durations, 0.5));
  report.p99Ms = Math.round(percentile(durations, 0.99));
  return report;
}

/** Invariant 1 at message level: every command the step log started got its reply recorded in the inbox. */
export function startedCommandsWithoutReply(sagaId: string, log: readonly EventRow[], inbox: ReadonlySet<string>): string[] {
  const started = log.flatMap((event) => {
    if (event.step === null || event.attempt === null) return [];
    if (event.type === 'StepStarted') return [`${sagaId}:${event.step}:execute:${event.attempt}`];
    if (event.type === 'CompensationStarted') return [`${sagaId}:${event.step}:compensate:${event.attempt}`];
    return [];
  });
  return started.filter((commandId) => !inbox.has(`${commandId}:reply`));
}

/** Invariant 2: at most one effect and one undo per (saga, step). */
export function doubledSteps(entries: readonly LedgerEntry[]): string[] {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(`${entry.step} ${entry.action}`, (counts.get(`${entry.step} ${entry.action}`) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([what, n]) => `${what} applied ${n} times`);
}

/** Invariant 3: compensations in the exact reverse of the order in which the steps started (log), and undone in reverse of their effects (ledger). */
export function compensationOrderProblem(log: readonly EventRow[], entries: readonly LedgerEntry[]): string | undefined {
  const forward = firstOccurrences(log.filter((e) => e.type === 'StepStarted').map((e) => e.step!));
  const compensated = firstOccurrences(log.filter((e) => e.type === 'CompensationStarted').map((e) => e.step!));
  const expected = [...forward].reverse().filter((step) => compensated.includes(step));
  if (expected.join() !== compensated.join()) return `log compensates ${compensated.join(' → ')}, expected ${expected.join(' → ')}`;
  const succeeded = new Set(log.filter((e) => e.type === 'StepSucceeded').map((e) => e.step!));
  const compensating = log.some((e) => e.type === 'SagaCompensated');
  const skipped = compensating ? [...succeeded].filter((step) => !compensated.includes(step)) : [];
  if (skipped.length > 0) return `succeeded step(s) ${skipped.join(', ')} never compensated`;
  const effects = firstOccurrences(entries.filter((e) => e.action === 'effect').map((e) => e.step));
  const undos = firstOccurrences(entries.filter((e) => e.action === 'undo').map((e) => e.step));
  const expectedUndos = [...effects].reverse().filter((step) => undos.includes(step));
  if (expectedUndos.join() !== undos.join()) return `participants undid ${undos.join(' → ')}, expected ${expectedUndos.join(' → ')}`;
  return undefined;
}

/** Invariant 4: a COMPENSATED saga leaves no effect; a COMPLETED one has exactly one per step. */
export function netEffectProblem(status: string, entries: readonly LedgerEntry[]): string | undefined {
  const net = new Map<string, number>();
  for (const entry of entries) net.set(entry.step, (net.get(entry.step) ?? 0) + (entry.action === 'effect' ? 1 : -1));
  if (status === 'COMPENSATED') {
    const left = [...net].filter(([, n]) => n !== 0);
    return left.length > 0 ? `effects left: ${left.map(([s, n]) => `${s}=${n}`).join(', ')}` : undefined;
  }
  if (status === 'COMPLETED') {
    const steps = ['reserve-inventory', 'charge-payment', 'create-shipment'];
    const wrong = steps.filter((step) => net.get(step) !== 1);
    return wrong.length > 0 ? `not exactly one effect for ${wrong.join(', ')}` : undefined;
  }
  return undefined;
}

function firstOccurrences(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
