import { readFileSync } from 'node:fs';

/** The parts of a V8 `.cpuprofile` this module reads. */
interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where the coordinator's CPU went, as shares of its busy (non-idle, non-startup) time. */
export interface ProfileSummary {
  /** Busy milliseconds the shares are of. */
  readonly busyMs: number;
  readonly shares: readonly { readonly category: ProfileCategory; readonly share: number }[];
}

/** What a sample is spent on; each has a line in the gap list of docs/performance.md. */
export const ProfileCategories = {
  pgSocketWrites: 'socket writes to PostgreSQL',
  amqpSocketWrites: 'socket writes to RabbitMQ',
  httpSocketWrites: 'socket writes of HTTP answers',
  requestPath: 'Nest / express request path (routing, middleware, body parsing, pino-http)',
  logging: 'logging context (pino child loggers per saga scope)',
  amqplib: 'amqplib (frame encoding, channel dispatch)',
  pgDriver: 'pg driver (protocol parsing, rows)',
  validation: 'validation (ajv input schemas, zod)',
  observability: 'OpenTelemetry API, prom-client metrics',
  ours: 'coordinator code (engine, runtime, relay, SQL parameters)',
  gc: 'garbage collection',
  runtime: 'Node internals (promises, async hooks, timers, streams)',
} as const;

export type ProfileCategory = (typeof ProfileCategories)[keyof typeof ProfileCategories];

const packageCategory: readonly [RegExp, ProfileCategory][] = [
  [/node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+)\//, ProfileCategories.pgDriver],
  [/node_modules\/amqplib\//, ProfileCategories.amqplib],
  [/node_modules\/(pino|nestjs-pino|pino-std-serializers|sonic-boom|thread-stream)\//, ProfileCategories.logging],
  [
    /node_modules\/(@nestjs|express|router|body-parser|raw-body|pino-http|rxjs|path-to-regexp|finalhandler|send|on-finished|type-is|content-type|qs|iconv-lite)\//,
    ProfileCategories.requestPath,
  ],
  [/node_modules\/(ajv|ajv-formats|zod)\//, ProfileCategories.validation],
  [/node_modules\/(@opentelemetry|prom-client|@willsoto)/, ProfileCategories.observability],
];

/** Samples that load modules belong to start-up, not to the sagas. */
const startup =
  /compileSourceTextModule|wrapSafe|internalModuleStat|_link|moduleResolve|parseCJS|parseSource|readFileUtf8|openFileHandle|realpathSync|instantiateClass|compileSchema/;

/** Summarises a coordinator's CPU profile into the categories above. */
export function summariseProfile(path: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map<ProfileCategory, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const category = categorise(id, byId, parent);
    if (category === undefined) return;
    const micros = profile.timeDeltas[index] ?? 0;
    busy += micros;
    totals.set(category, (totals.get(category) ?? 0) + micros);
  });
  return {
    busyMs: busy / 1000,
    shares: [...totals.entries()]
      .map(([category, micros]) => ({ category, share: busy === 0 ? 0 : micros / busy }))
      .sort((a, b) => b.share - a.share),
  };
}

/** The stack of a sample, leaf first; undefined for idle and start-up samples. */
function categorise(leafId: number, byId: Map<number, CpuProfile['nodes'][number]>, parent: Map<number, number>): ProfileCategory | undefined {
  const stack: { functionName: string; url: string }[] = [];
  for (let id: number | undefined = leafId; id !== undefined; id = parent.get(id)) stack.push(byId.get(id)!.callFrame);
  const leaf = stack[0]!;
  if (leaf.functionName === '(idle)' || leaf.functionName === '(program)' || leaf.functionName === '(root)') return undefined;
  if (stack.some((frame) => startup.test(frame.functionName))) return undefined;
  if (leaf.functionName === '(garbage collector)') return ProfileCategories.gc;
  if (/^(writev|writeBuffer|writeUtf8String|handleWriteReq|writevGeneric|writeGeneric)$/.test(leaf.functionName)) {
    const writer = stack.find((frame) => /node_modules\/(pg|amqplib|express)\/|pipelined-session|_http_outgoing/.test(frame.url));
    if (writer === undefined) return ProfileCategories.runtime;
    if (/pg\/|pipelined-session/.test(writer.url)) return ProfileCategories.pgSocketWrites;
    if (/amqplib/.test(writer.url)) return ProfileCategories.amqpSocketWrites;
    return ProfileCategories.httpSocketWrites;
  }
  for (const frame of stack) {
    for (const [pattern, category] of packageCategory) if (pattern.test(frame.url)) return category;
    if (/dist-snapshot\/src\//.test(frame.url)) return ProfileCategories.ours;
  }
  return ProfileCategories.runtime;
}
