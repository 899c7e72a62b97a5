import { fmt } from './markdown.util.js';
import type { ProfileSummary } from './profile-summary.js';
import type { RunFigures } from './run-figures.model.js';
import { Issue16VersusDbos, issue16Targets } from './targets.js';

/** What the section reads besides the runs: the machine's RabbitMQ round trip and the profile. */
export interface MissedTargetInputs {
  readonly runs: readonly RunFigures[];
  /** p50 of one persistent publish → confirm → consume at a time, ms (the limits table). */
  readonly rabbitmqSerialP50Ms: number;
  readonly profile: ProfileSummary | undefined;
}

type Finder = (id: string) => RunFigures | undefined;

const percent = (share: number) => `${(share * 100).toFixed(0)} %`;

/**
 * Whether the minimal coordinator with hand-written participants (the bound: the same broker hops
 * and participant commits, none of the inbox, outbox, step log and timers) meets a DBOS target in
 * this run. When even it does not, no design that keeps those hops meets it on this machine.
 */
function boundSentence(what: string, boundRatio: number, meets: boolean, target: string): string {
  return meets
    ? `The minimal coordinator with hand-written participants measures ${fmt(boundRatio, 2)}× DBOS on ${what}, so the design allows ${target}. `
    : `Even the minimal coordinator with hand-written participants measures ${fmt(boundRatio, 2)}× DBOS on ${what} in this run: ` +
        `${target} is beyond that bound, so no coordinator that keeps a broker hop each way and a participant transaction per step meets ` +
        'it on this machine. ';
}

/** Each layer's CPU per saga in run `a` beside run `b`, the largest excess first. */
function layerGaps(a: RunFigures, b: RunFigures): { layer: string; gap: number; ours: number; bound: number }[] {
  const layers: [string, (r: RunFigures) => number][] = [
    ['coordinator', (r) => r.cpuPerSagaMs.coordinator],
    ['participants', (r) => r.cpuPerSagaMs.participants],
    ['PostgreSQL', (r) => r.cpuPerSagaMs.postgres],
    ['RabbitMQ', (r) => r.cpuPerSagaMs.rabbitmq],
  ];
  return layers.map(([layer, value]) => ({ layer, gap: value(a) - value(b), ours: value(a), bound: value(b) })).sort((x, y) => y.gap - x.gap);
}

const gapList = (gaps: ReturnType<typeof layerGaps>) =>
  gaps.map((g) => `${g.layer} ${fmt(g.ours, 2)} against ${fmt(g.bound, 2)} ms (${g.gap >= 0 ? '+' : ''}${fmt(g.gap, 2)})`).join('; ');

/** One paragraph per target of issue 16: what limits it in this run, and what would close it. */
const explanations: readonly ((f: Finder, inputs: MissedTargetInputs) => string | undefined)[] = [
  (f) => {
    const ours = f('ours-3-c200');
    const dbos = f('dbos-3-c200');
    if (!ours || !dbos) return undefined;
    const minimal = f('minimal-3-c200');
    const bound = minimal === undefined ? undefined : minimal.sagasPerSecond / dbos.sagasPerSecond;
    return (
      `**Throughput at c=200.** The limit is CPU: the measured processes kept the machine ${percent(ours.cpuUtilisation)} busy in our run ` +
      `(DBOS's: ${percent(dbos.cpuUtilisation)}), so sagas per second is about the cores divided by the CPU per saga. Ours costs ` +
      `${fmt(ours.cpuPerSagaMs.total, 2)} ms per saga and DBOS ${fmt(dbos.cpuPerSagaMs.total, 2)} ms, which predicts a throughput ratio of ` +
      `${fmt(dbos.cpuPerSagaMs.total / ours.cpuPerSagaMs.total, 2)}×; measured ${fmt(ours.sagasPerSecond / dbos.sagasPerSecond, 2)}×. ` +
      (bound === undefined
        ? ''
        : boundSentence('throughput at c=200', bound, bound >= Issue16VersusDbos.minThroughput, `${fmt(Issue16VersusDbos.minThroughput, 1)}×`)) +
      'Closing it is closing the CPU per saga (next).'
    );
  },
  (f) => {
    const ours = f('ours-3-c200');
    const dbos = f('dbos-3-c200');
    const minimal = f('minimal-3-c200');
    if (!ours || !dbos || !minimal) return undefined;
    const againstMinimal = layerGaps(ours, minimal);
    const [first, second] = againstMinimal;
    return (
      `**Total CPU per saga.** Against DBOS, layer by layer: ${gapList(layerGaps(ours, dbos))}. DBOS answers its steps in-process, with ` +
      `no broker and no participant transaction; even the minimal coordinator with hand-written participants, which pays both, costs ` +
      `${fmt(minimal.cpuPerSagaMs.total, 2)} ms (${fmt(minimal.cpuPerSagaMs.total / dbos.cpuPerSagaMs.total, 2)}× DBOS). Against that bound: ` +
      `${gapList(againstMinimal)}. The largest gaps are ${first!.layer} and ${second!.layer}. Our coordinator's database takes ` +
      `${fmt(ours.commitsPerSaga, 2)} commits per saga against ${fmt(minimal.commitsPerSaga, 2)}, each a multi-table statement (state, step log, ` +
      `timers, outbox, inbox) where the minimal coordinator has one UPDATE; RabbitMQ carries ${fmt(ours.messagesPerSaga, 1)} messages per saga ` +
      `against ${fmt(minimal.messagesPerSaga, 1)} (the lifecycle events on \`saga.events\`, which the coordinator's own webhook queue also ` +
      'takes). What would close them: group commit across sagas (several events\u2019 statements in one round trip and one commit), state ' +
      'deltas instead of the whole jsonb state per write, and the coordinator items of the profile below.'
    );
  },
  (f, { profile }) => {
    const ours = f('ours-3-c200');
    const minimal = f('minimal-3-c200');
    if (!ours || !minimal) return undefined;
    const top = profile?.shares
      .slice(0, 4)
      .map((s) => `${s.category} ${percent(s.share)}`)
      .join(', ');
    return (
      `**Coordinator CPU against the minimal coordinator's.** ${fmt(ours.cpuPerSagaMs.coordinator, 2)} ms per saga against ` +
      `${fmt(minimal.cpuPerSagaMs.coordinator, 2)}, with ${fmt(ours.coordinatorSyscallsPerSaga.writes, 1)} socket writes per saga against ` +
      `${fmt(minimal.coordinatorSyscallsPerSaga.writes, 1)} (a write to a loopback socket costs the writer the receiver's network stack too). ` +
      (top === undefined ? '' : `The profile below spreads the time thinly: ${top} are the largest shares. `) +
      'No single item closes a gap of this size; together: group commit (fewer PostgreSQL writes), a lean start route instead of the ' +
      'Nest/express request path, one context store for logs and traces instead of a pino child logger per saga scope.'
    );
  },
  (f) => {
    const ours = f('ours-3-c200');
    const sdk = ours?.participantCpuPerCommandMs;
    const bound = f('ours-3-c200-handwritten')?.participantCpuPerCommandMs;
    if (sdk === undefined || bound === undefined) return undefined;
    return (
      `**Participant CPU per command.** The SDK costs ${fmt(sdk, 3)} ms per command and the hand-written fenced participant ` +
      `${fmt(bound, 3)} ms under the same traffic. The SDK's fence takes a round trip each for the step's lock, the fence read and the ` +
      'record, besides BEGIN and COMMIT, where the hand-written one sends BEGIN, lock, fenced INSERT and COMMIT in one write; pipelining ' +
      'the fence the same way (one round trip before the handler, the record with COMMIT after it) would close it.'
    );
  },
  (f, { rabbitmqSerialP50Ms }) => {
    const ours = f('ours-3-c1');
    const dbos = f('dbos-3-c1');
    if (!ours || !dbos) return undefined;
    const perStep = ours.p50Ms / ours.steps;
    const minimal = f('minimal-3-c1');
    const bound = minimal === undefined ? undefined : minimal.p50Ms / dbos.p50Ms;
    return (
      `**p50 latency at one in flight.** Latency at c=1 is a chain of round trips, not CPU: ${fmt(perStep, 1)} ms per step for ours, ` +
      `${fmt(dbos.p50Ms / dbos.steps, 1)} ms for DBOS. Each of our steps is a command through RabbitMQ, the participant's fence ` +
      `transaction, a reply through RabbitMQ and the coordinator's transaction; one persistent publish → confirm → consume alone takes ` +
      `${fmt(rabbitmqSerialP50Ms, 2)} ms on this machine (the limits table), so the two broker hops are ` +
      `${percent(Math.min(1, (2 * rabbitmqSerialP50Ms) / perStep))} of a step. DBOS runs a step as a function call and one commit. ` +
      (bound === undefined
        ? ''
        : boundSentence('p50 at c=1', bound, bound <= Issue16VersusDbos.maxP50AtOne, `${fmt(Issue16VersusDbos.maxP50AtOne, 1)}×`)) +
      'What would close it: fewer hops per step (a participant co-located with the coordinator answering in-process, the way DBOS does), ' +
      'which gives up the broker\u2019s decoupling; within the broker design, one round trip per event in the coordinator and the participant.'
    );
  },
  (f) => {
    const three = f('ours-3-c50');
    const thirty = f('ours-30-c50');
    if (!three || !thirty) return undefined;
    // Solve 3p + F = 3·c3 and 30p + F = 30·c30 for the per-step cost p and the fixed per-saga cost F.
    const perStep = (30 * thirty.coordinatorCpuPerStepMs - 3 * three.coordinatorCpuPerStepMs) / 27;
    const fixed = 3 * three.coordinatorCpuPerStepMs - 3 * perStep;
    return (
      `**Per-step cost from 3 to 30 steps.** The coordinator CPU per step is ${fmt(three.coordinatorCpuPerStepMs, 2)} ms at 3 steps and ` +
      `${fmt(thirty.coordinatorCpuPerStepMs, 2)} ms at 30. Fitted as a cost per step plus a cost per saga: ${fmt(perStep, 2)} ms per step and ` +
      `${fmt(fixed, 2)} ms per saga, which is the start (the HTTP request, the saga's insert, its lifecycle events): spread over 3 steps it ` +
      'weighs ten times what it does over 30. A step does not get dearer as sagas grow (the state is read and written whole, but at 30 ' +
      'steps it is still small); the curve falls. The lean start route above would flatten it.'
    );
  },
];

/** The "what limits each missed target" section of docs/performance.md (issue 16). */
export function missedTargetsSection(inputs: MissedTargetInputs): string {
  const find: Finder = (id) => inputs.runs.find((r) => r.id === id);
  const checks = issue16Targets(inputs.runs);
  const paragraphs = checks
    .map((check, index) => (check.met === false ? explanations[index]?.(find, inputs) : undefined))
    .filter((text): text is string => text !== undefined);
  if (paragraphs.length === 0) return 'Every target of issue 16 measured in this run was met.';
  return paragraphs.join('\n\n');
}
