/*
 * Runs in the browser as well as in Node (see diagram-layout.ts). Pure.
 */

/** A step-log entry as `GET /v1/sagas/{id}/events` returns it. */
export interface TimelineSource {
  readonly seq: number;
  readonly type: string;
  readonly step: string | null;
  readonly attempt: number | null;
  readonly at: string;
  readonly data: Record<string, unknown> | null;
}

/** A log entry with how long the attempt it ends took, and the offset from the saga's start. */
export interface TimelineEntry extends TimelineSource {
  /** Milliseconds since the first entry. */
  readonly offsetMs: number;
  /** For an entry that ends an attempt (succeeded, failed, timed out, compensated…): since its start. */
  readonly durationMs: number | null;
  /** `execute` or `compensate` for entries about an attempt; null otherwise. */
  readonly phase: 'execute' | 'compensate' | null;
}

// A child saga node runs as one attempt: started, then completed or failed (its own saga has the detail).
const EXECUTE_STARTS = new Set(['StepStarted', 'ChildSagaStarted']);
const EXECUTE_ENDS = new Set(['StepSucceeded', 'StepFailed', 'StepRetryScheduled', 'StepTimedOut', 'ChildSagaCompleted', 'ChildSagaFailed']);
const COMPENSATE_START = 'CompensationStarted';
const COMPENSATE_ENDS = new Set(['CompensationSucceeded', 'CompensationFailed', 'CompensationRetryScheduled', 'ChildSagaCompensated']);

function phaseOf(type: string): TimelineEntry['phase'] {
  if (EXECUTE_STARTS.has(type) || EXECUTE_ENDS.has(type)) return 'execute';
  if (type === COMPENSATE_START || COMPENSATE_ENDS.has(type)) return 'compensate';
  return null;
}

/**
 * The step log in order, each attempt's end paired with its start (same step, attempt and phase)
 * to give its duration. An end whose start is missing has no duration.
 */
export function buildTimeline(log: readonly TimelineSource[]): TimelineEntry[] {
  const ordered = [...log].sort((a, b) => a.seq - b.seq);
  const origin = ordered.length === 0 ? 0 : Date.parse(ordered[0]!.at);
  const started = new Map<string, number>();
  return ordered.map((entry) => {
    const phase = phaseOf(entry.type);
    const key = `${phase}|${entry.step}|${entry.attempt}`;
    const at = Date.parse(entry.at);
    let durationMs: number | null = null;
    if (EXECUTE_STARTS.has(entry.type) || entry.type === COMPENSATE_START) started.set(key, at);
    else if (phase !== null && started.has(key)) durationMs = at - started.get(key)!;
    return { ...entry, offsetMs: at - origin, durationMs, phase };
  });
}
