import type { ServiceProcess } from '../../test/support/service-processes.js';
import { startBenchProcess } from './bench-process.js';
import type { RunEnvironment } from './run-environment.js';

/** Which participants a run's commands go to. */
export const ParticipantKinds = {
  /** The three bench participants on our participant SDK (fence included). */
  sdk: 'sdk',
  /** The same three written by hand on plain amqplib + pg (bench/reference): the SDK's bound. */
  handWritten: 'hand-written',
} as const;
export type ParticipantKind = (typeof ParticipantKinds)[keyof typeof ParticipantKinds];

const entries: Record<ParticipantKind, { entry: string; ready: string }> = {
  [ParticipantKinds.sdk]: { entry: 'workload/bench-participants.main.js', ready: 'bench participants ready' },
  [ParticipantKinds.handWritten]: { entry: 'reference/fenced-participants.main.js', ready: 'hand-written participants ready' },
};

/** Starts the bench participants of `kind` (one process) on the run's vhost and fence database. */
export function startParticipants(kind: ParticipantKind, env: RunEnvironment): Promise<ServiceProcess> {
  const { entry, ready } = entries[kind];
  return startBenchProcess('participants', entry, { BENCH_RABBITMQ_URL: env.rabbitmqUrl, BENCH_FENCE_DATABASE_URL: env.fenceDatabaseUrl }, ready);
}
