import { fmt, markdownTable, ratio } from './markdown.util.js';
import type { RunFigures } from './run-figures.model.js';

/** One layer's cost in our run beside the same cost in the run that bounds it. */
interface LayerBound {
  readonly layer: string;
  readonly ours: string;
  readonly bound: string;
  readonly value: (run: RunFigures) => number | undefined;
  /** A second figure shown after the first (the ratio is of the first). */
  readonly extra?: (run: RunFigures) => number | undefined;
  readonly digits: number;
  readonly target?: string;
}

const ours = 'ours-3-c200';
const minimal = 'minimal-3-c200';
const handWritten = 'ours-3-c200-handwritten';

/**
 * Each layer of ours (3 steps, c=200) beside its bound, both from this run: the coordinator and
 * what it makes PostgreSQL and RabbitMQ do, against the minimal coordinator (which drives the
 * hand-written participants); the participants and their fence database, against the
 * hand-written participants driven by our own coordinator (same traffic, only the participant
 * code differs).
 */
const layers: readonly LayerBound[] = [
  { layer: 'coordinator process, CPU ms per saga', ours, bound: minimal, value: (r) => r.cpuPerSagaMs.coordinator, digits: 2, target: '≤ 2×' },
  {
    layer: 'coordinator process, write / read system calls per saga',
    ours,
    bound: minimal,
    value: (r) => r.coordinatorSyscallsPerSaga.writes,
    extra: (r) => r.coordinatorSyscallsPerSaga.reads,
    digits: 1,
  },
  {
    layer: 'participant process, CPU ms per command',
    ours,
    bound: handWritten,
    value: (r) => r.participantCpuPerCommandMs,
    digits: 3,
    target: '≤ 1.5×',
  },
  {
    layer: 'participant process, write / read system calls per command',
    ours,
    bound: handWritten,
    value: (r) => r.participantSyscallsPerCommand?.writes,
    extra: (r) => r.participantSyscallsPerCommand?.reads,
    digits: 1,
  },
  { layer: "PostgreSQL, the coordinator's database, CPU ms per saga", ours, bound: minimal, value: (r) => r.postgresPerSagaMs.system, digits: 2 },
  { layer: 'PostgreSQL, the fence database, CPU ms per saga', ours, bound: handWritten, value: (r) => r.postgresPerSagaMs.fence, digits: 2 },
  {
    layer: 'PostgreSQL background processes (WAL writer, checkpointer …), CPU ms per saga',
    ours,
    bound: minimal,
    value: (r) => r.postgresPerSagaMs.background,
    digits: 2,
  },
  { layer: 'RabbitMQ, CPU ms per saga', ours, bound: minimal, value: (r) => r.cpuPerSagaMs.rabbitmq, digits: 2 },
  { layer: 'all processes, CPU ms per saga', ours, bound: minimal, value: (r) => r.cpuPerSagaMs.total, digits: 2 },
  { layer: "commits per saga, the coordinator's database", ours, bound: minimal, value: (r) => r.commitsPerSaga, digits: 2 },
  { layer: 'commits per saga, the fence database', ours, bound: handWritten, value: (r) => r.fenceCommitsPerSaga, digits: 2 },
  { layer: 'messages per saga', ours, bound: minimal, value: (r) => r.messagesPerSaga, digits: 1 },
];

/** The "each layer beside its bound" table of docs/performance.md. */
export function layerBoundsTable(runs: readonly RunFigures[]): string {
  const find = (id: string) => runs.find((r) => r.id === id);
  return markdownTable(
    ['layer (3 steps, c=200)', 'ours', 'bound', 'ours / bound', 'target', 'ours measured in', 'bound measured in'],
    layers.map((l) => {
      const a = find(l.ours);
      const b = find(l.bound);
      const x = a && l.value(a);
      const y = b && l.value(b);
      const shown = (run: RunFigures | undefined, value: number | undefined) =>
        l.extra === undefined ? fmt(value, l.digits) : `${fmt(value, l.digits)} / ${fmt(run && l.extra(run), l.digits)}`;
      return [l.layer, shown(a, x), shown(b, y), ratio(x, y), l.target ?? '—', `\`${l.ours}\``, `\`${l.bound}\``];
    }),
  );
}
