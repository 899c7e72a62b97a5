import type pg from 'pg';

/** A step-log entry with its database time, as the timer check reads it. */
export interface TimedEvent {
  readonly saga_id: string;
  readonly type: string;
  readonly step: string | null;
  readonly attempt: number | null;
  readonly data: { timeoutMs?: number; delayMs?: number } | null;
  /** Milliseconds since the epoch, by the database clock (`saga_event.at`). */
  readonly atMs: number;
}

/** How late a timer may fire (poll interval, a loaded machine) before it counts as late. */
export const LateToleranceMs = 15_000;

export interface TimerSchedule {
  /** Timers checked: step timeouts, step retries and compensation retries that fired. */
  checked: number;
  /** Fired before they were due. */
  early: string[];
  /** Fired more than LateToleranceMs after they were due. */
  late: string[];
}

/**
 * Compares when each timer fired with when it was due, both on the database clock: a step
 * timeout (StepStarted → StepTimedOut, `timeoutMs`), a step retry (StepRetryScheduled →
 * the next attempt's StepStarted, `delayMs`) and a compensation retry (CompensationRetryScheduled
 * → the next CompensationStarted). A replica whose timers run on its own skewed clock shows up here.
 */
export function checkTimerSchedule(events: readonly TimedEvent[]): TimerSchedule {
  const result: TimerSchedule = { checked: 0, early: [], late: [] };
  const at = new Map<string, number>();
  const key = (e: Pick<TimedEvent, 'saga_id' | 'type' | 'step' | 'attempt'>): string => `${e.saga_id} ${e.type} ${e.step} ${e.attempt}`;
  for (const event of events) if (!at.has(key(event))) at.set(key(event), event.atMs);
  const judge = (what: string, armedAt: number | undefined, dueInMs: number | undefined, firedAt: number): void => {
    if (armedAt === undefined || dueInMs === undefined) return;
    result.checked += 1;
    const firedAfter = firedAt - armedAt;
    if (firedAfter < dueInMs) result.early.push(`${what} fired after ${firedAfter} ms, due after ${dueInMs} ms`);
    else if (firedAfter > dueInMs + LateToleranceMs) result.late.push(`${what} fired after ${firedAfter} ms, due after ${dueInMs} ms`);
  };
  for (const event of events) {
    const { saga_id, step, attempt } = event;
    if (step === null || attempt === null) continue;
    const what = `saga ${saga_id} ${step} attempt ${attempt}`;
    if (event.type === 'StepTimedOut') {
      judge(`${what}: step timeout`, at.get(key({ saga_id, type: 'StepStarted', step, attempt })), event.data?.timeoutMs, event.atMs);
    } else if (event.type === 'StepStarted' && attempt > 1) {
      const scheduled = events.find((e) => e.saga_id === saga_id && e.type === 'StepRetryScheduled' && e.step === step && e.attempt === attempt - 1);
      judge(`${what}: step retry`, scheduled?.atMs, scheduled?.data?.delayMs, event.atMs);
    } else if (event.type === 'CompensationStarted' && attempt > 1) {
      const scheduled = events.find(
        (e) => e.saga_id === saga_id && e.type === 'CompensationRetryScheduled' && e.step === step && e.attempt === attempt - 1,
      );
      judge(`${what}: compensation retry`, scheduled?.atMs, scheduled?.data?.delayMs, event.atMs);
    }
  }
  return result;
}

/** Reads the step log of `sagaIds` and checks its timers. */
export async function readTimerSchedule(db: pg.Pool, sagaIds: readonly string[]): Promise<TimerSchedule> {
  const { rows } = await db.query<TimedEvent>(
    `SELECT saga_id, type, step, attempt, data, (extract(epoch FROM at) * 1000)::float8 AS "atMs"
     FROM saga_event WHERE saga_id = ANY($1::uuid[]) ORDER BY saga_id, seq`,
    [sagaIds],
  );
  return checkTimerSchedule(rows.map((row) => ({ ...row, atMs: Number(row.atMs) })));
}
