/*
 * Runs in the browser as well as in Node (see diagram-layout.ts). Pure.
 */

/** The parts of a step of `GET /v1/sagas/{id}` the overlay reads. */
export interface SagaStepLike {
  readonly name: string;
  readonly status: string;
  readonly attempts: number;
  readonly compensation: { readonly startedAt: string | null; readonly resolvedBy: unknown } | null;
  /** A choice: the branch it took. */
  readonly branch?: string | null;
}

/** The parts of a step-log entry the overlay reads. */
export interface LogEntryLike {
  readonly seq: number;
  readonly type: string;
  readonly step: string | null;
}

/** How a node is marked: its outcome going forward, and its place on the way back. */
export interface NodeMark {
  /** Lower-case step status: `succeeded`, `failed`, `timed-out`, `skipped`, `compensated`, … */
  readonly status: string;
  /** A short symbol shown beside the status text (never the only cue: the text is there too). */
  readonly symbol: string;
  readonly attempts: number;
  /** 1 for the first step undone, 2 for the next…; null if it was never compensated. */
  readonly compensationOrder: number | null;
  /** An operator resolved its compensation by hand. */
  readonly resolvedByOperator: boolean;
  /** A choice: the branch it took; null otherwise or before it chose. */
  readonly branch: string | null;
}

const SYMBOLS: Readonly<Record<string, string>> = {
  pending: '○',
  running: '▶',
  succeeded: '✓',
  failed: '✗',
  'timed-out': '◔',
  skipped: '⤼',
  compensating: '↶',
  compensated: '↶',
  'compensation-failed': '⚠',
};

/** `TIMED_OUT` → `timed-out`. */
export function statusClass(status: string): string {
  return status.toLowerCase().replaceAll('_', '-');
}

/**
 * The order in which compensations ran: each step once, by the first `CompensationStarted` (or an
 * operator's `StepResolvedByOperator`, which stands for it) in the log. The engine undoes steps in
 * the reverse of the order they succeeded, so this list is that reverse.
 */
export function compensationSequence(log: readonly LogEntryLike[]): string[] {
  const order: string[] = [];
  for (const entry of [...log].sort((a, b) => a.seq - b.seq)) {
    if ((entry.type === 'CompensationStarted' || entry.type === 'StepResolvedByOperator') && entry.step !== null && !order.includes(entry.step)) {
      order.push(entry.step);
    }
  }
  return order;
}

/** Marks for every node of a saga, by node name. */
export function sagaPathMarks(steps: readonly SagaStepLike[], log: readonly LogEntryLike[]): Map<string, NodeMark> {
  const sequence = compensationSequence(log);
  return new Map(
    steps.map((step) => {
      const status = statusClass(step.status);
      const position = sequence.indexOf(step.name);
      return [
        step.name,
        {
          status,
          symbol: SYMBOLS[status] ?? '•',
          attempts: step.attempts,
          compensationOrder: position === -1 ? null : position + 1,
          resolvedByOperator: step.compensation?.resolvedBy != null,
          branch: step.branch ?? null,
        },
      ];
    }),
  );
}
