import { ProfileCategories, type ProfileCategory, type ProfileSummary } from './profile-summary.js';
import { markdownTable } from './markdown.util.js';

/** For each profile category: what the hot path already does about it, and what would close the rest. */
const whatWouldCloseIt: Readonly<Record<ProfileCategory, string>> = {
  [ProfileCategories.pgSocketWrites]:
    "Already two writes per event (BEGIN + lock + inbox; write + COMMIT, pipelined). Closing it: group commit across sagas (one write carrying several sagas' statements on one connection), or a stored procedure so an event is one statement.",
  [ProfileCategories.amqpSocketWrites]:
    'Already one write per event-loop turn: the publishes and acks of concurrent sagas share it (`coalesceFrameWrites`). Closing the rest: ack replies in batches (`multiple`), fewer frames per command.',
  [ProfileCategories.httpSocketWrites]: 'One write per answer; keep-alive already. Closing it: nothing cheap (the ceiling pays the same).',
  [ProfileCategories.requestPath]:
    'Nest guards, interceptors, pipes, express routing and pino-http per request. Closing it: a lean route for `POST /v1/sagas` (Fastify adapter or a raw `node:http` handler as in the ceiling), request logging sampled instead of per request.',
  [ProfileCategories.logging]:
    'A pino child logger per saga scope (saga id, step, attempt on every line). Closing it: a pino `mixin` reading the fields from AsyncLocalStorage only when a line is written.',
  [ProfileCategories.amqplib]:
    'Frame encoding of headers (trace context, message type) and channel dispatch. Closing it: fewer header fields per command; pre-encoded constant properties.',
  [ProfileCategories.pgDriver]:
    'Parsing rows and the whole jsonb state on every lock. Closing it: binary results, reading only the columns the engine needs, storing state deltas instead of the whole state.',
  [ProfileCategories.validation]: 'Ajv input schemas (compiled once) and zod on requests. Closing it: little left per saga.',
  [ProfileCategories.observability]:
    'No-op OpenTelemetry spans and context, prom-client histograms. Closing it: skip span creation when no SDK is registered.',
  [ProfileCategories.ours]:
    'Engine decisions, state copies, JSON parameters of the write. Closing it: fewer object copies per decision, one JSON.stringify per write instead of five.',
  [ProfileCategories.gc]: 'Allocation per event (state copies, JSON, promises). Closing it: the items above reduce it with them.',
  [ProfileCategories.runtime]:
    'Promises and async hooks (AsyncLocalStorage of nestjs-pino and OpenTelemetry make every promise cost more), timers, streams. Closing it: fewer awaits per event; one context store instead of two.',
};

/** The "where the coordinator's CPU goes" section of docs/performance.md. */
export function profileGapsSection(summary: ProfileSummary | undefined, source: string): string {
  if (summary === undefined) return 'Not profiled in this run (`npm run bench -- --profile`, or the full run, profiles it).';
  return [
    `A V8 CPU profile (\`node --cpu-prof\`) of our coordinator during ${source}: ${summary.busyMs.toFixed(0)} ms of busy CPU (idle and start-up samples left out), by what it was spent on, with what the hot path already does and what would close the rest of the gap to the ceiling.`,
    '',
    "How to read it: V8's profiler samples the main thread on a wall-clock timer, so time the thread waits for a core inside a system call counts as that call, and the compiler and GC threads are not seen. On a busy machine it over-weights socket writes; `perf record -e cpu-clock -g` on a process started with `--perf-basic-prof` samples only time on a core, and the system-call counts in the tables above do not depend on load at all.",
    '',
    markdownTable(
      ['share', 'spent on', 'what would close it'],
      summary.shares.map((s) => [`${(s.share * 100).toFixed(1)} %`, s.category, whatWouldCloseIt[s.category]]),
    ),
  ].join('\n');
}
