import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { contentHash } from '../../src/orchestration/idempotency/request-hash.codec.js';
import { SagaStatuses } from '../../src/saga-engine/state/saga-status.js';
import type { ServiceProcess } from '../../test/support/service-processes.js';
import { CompletionListener, installCompletionTrigger } from '../workload/completion-listener.js';
import { allBenchDefinitions, type BenchDefinition } from '../workload/bench-definitions.js';
import { pidOf, startCoordinatorProcess } from './bench-process.js';
import { ParticipantKinds, startParticipants, type ParticipantKind } from './participants-process.js';
import type { RunEnvironment } from './run-environment.js';
import type { SagaRequest, SystemUnderTest } from './system-under-test.js';

/** Terminal saga statuses (the completion trigger fires on these). */
export const TerminalStatuses = [SagaStatuses.COMPLETED, SagaStatuses.COMPENSATED, SagaStatuses.COMPENSATION_FAILED] as const;

/** Options of one start of our coordinator. */
export interface OursOptions {
  readonly replicas: number;
  /** Extra coordinator environment (pool size, prefetch, auth). */
  readonly coordinatorEnv?: Record<string, string>;
  /** Node flags of the coordinator process (e.g. `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
  /** Which bench participants to start (SDK by default; false for the parked-sagas run). */
  readonly participants?: ParticipantKind | false;
}

/** Our coordinator(s) under test, with the replicas' base URLs. */
export interface OursSystem extends SystemUnderTest {
  readonly baseUrls: readonly string[];
}

/** Our coordinator as built (`dist/src/main.js`), N replicas, with the bench participants (SDK or hand-written). */
export async function startOurs(env: RunEnvironment, options: OursOptions): Promise<OursSystem> {
  const definitionsFile = join(tmpdir(), `${env.databaseName}-definitions.json`);
  writeFileSync(definitionsFile, JSON.stringify(allBenchDefinitions()));
  const coordinatorEnv = {
    DATABASE_URL: env.databaseUrl,
    RABBITMQ_URL: env.rabbitmqUrl,
    LOG_LEVEL: 'warn',
    INITIAL_DEFINITIONS_FILE: definitionsFile,
    ...options.coordinatorEnv,
  };
  const coordinators: ServiceProcess[] = [];
  const baseUrls: string[] = [];
  const listener = new CompletionListener();
  let participants: ServiceProcess | undefined;
  const stop = async () => {
    await participants?.stop();
    await Promise.all(coordinators.map((c) => c.stop(20_000)));
    await listener.stop();
  };
  try {
    // The first replica migrates the fresh database; the others then start together.
    for (let i = 0; i < options.replicas; i++) {
      const started = await startCoordinatorProcess(`coordinator-${i + 1}`, coordinatorEnv, options.nodeArgs);
      coordinators.push(started.process);
      baseUrls.push(started.baseUrl);
      if (i === 0) await registerDefinitions(started.baseUrl, env.databaseUrl, allBenchDefinitions());
    }
    await installCompletionTrigger(env.databaseUrl, TerminalStatuses);
    await listener.start(env.databaseUrl);
    if (options.participants !== false) participants = await startParticipants(options.participants ?? ParticipantKinds.sdk, env);
  } catch (error) {
    await stop();
    throw error;
  }
  let turn = 0;
  return {
    name: options.replicas === 1 ? 'ours' : `ours ×${options.replicas}`,
    baseUrls,
    listener,
    coordinatorPids: () => coordinators.map(pidOf),
    participantPids: () => (participants ? [pidOf(participants)] : []),
    runSaga: async (request: SagaRequest) => {
      const id = await startSaga(baseUrls[turn++ % baseUrls.length]!, request);
      return (await listener.completion(id)).status;
    },
    stop,
  };
}

/** POST /v1/sagas; returns the new saga's id. */
export async function startSaga(baseUrl: string, request: SagaRequest): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/sagas`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const body = (await response.json()) as { id?: string };
  if (response.status !== 202 || !body.id) throw new Error(`start ${request.definition}: ${response.status} ${JSON.stringify(body)}`);
  return body.id;
}

/**
 * Makes the bench definitions known to a running coordinator: by `INITIAL_DEFINITIONS_FILE` if
 * this build reads it, else `POST /v1/definitions` if the API has it, else straight into the
 * `saga_definition` table (same content hash as the catalog computes).
 */
async function registerDefinitions(baseUrl: string, databaseUrl: string, definitions: readonly BenchDefinition[]): Promise<void> {
  for (const definition of definitions) {
    const known = await fetch(`${baseUrl}/v1/definitions/${definition.name}`);
    if (known.status === 200) continue;
    const posted = await fetch(`${baseUrl}/v1/definitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(definition),
    });
    if (posted.status === 200 || posted.status === 201) continue;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query('INSERT INTO saga_definition (name, version, definition, content_hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
        definition.name,
        definition.version,
        JSON.stringify(definition),
        contentHash(definition),
      ]);
    } finally {
      await client.end();
    }
  }
}
