import pg from 'pg';
import { BenchParticipantNames, BenchStepCounts, participantOfStep, stepCommand } from '../workload/bench-definitions.js';
import { FencedParticipant, type ReplyDraft } from './fenced-participant.js';
import type { WireCommand } from './wire-protocol.js';

/**
 * One process hosting the three bench participants written by hand (no SDK): the same
 * queues, fence tables and answers as `bench-participants.main.ts`, so our coordinator and the
 * minimal one can each drive them. Step `i` succeeds with `{ i }` unless the saga input names it
 * in `failAt`, and then refuses with `bench-declined`; compensations have no business change.
 * Env: BENCH_RABBITMQ_URL, BENCH_FENCE_DATABASE_URL, BENCH_PREFETCH, BENCH_POOL_SIZE.
 */
const maxSteps = Math.max(...BenchStepCounts);

/** `do-07` / `undo-07` → 7, when this participant owns step 7; undefined otherwise. */
function ownedStep(participant: string, command: WireCommand): number | undefined {
  const match = /^(?:do|undo)-(\d+)$/.exec(command.command);
  const index = match ? Number(match[1]) : Number.NaN;
  if (!(index >= 1 && index <= maxSteps) || participantOfStep(index) !== participant) return undefined;
  const names = stepCommand(index);
  return command.command === (command.kind === 'execute' ? names.command : names.compensation) ? index : undefined;
}

function benchExecute(participant: string) {
  return (command: WireCommand): ReplyDraft | undefined => {
    const index = ownedStep(participant, command);
    if (index === undefined) return undefined;
    const failAt = (command.payload as { input?: { failAt?: unknown } } | null)?.input?.failAt;
    return failAt === index
      ? { outcome: 'failed', failure: { code: 'bench-declined', message: '' } }
      : { outcome: 'succeeded', output: { i: index } };
  };
}

async function main(): Promise<void> {
  const rabbitmqUrl = required('BENCH_RABBITMQ_URL');
  const prefetch = Number(process.env.BENCH_PREFETCH ?? 64);
  const pools: pg.Pool[] = [];
  const participants: FencedParticipant[] = [];
  for (const name of BenchParticipantNames) {
    // pipeline: true is pg's own option; it lets one transaction's statements go out together.
    const pool = new pg.Pool({
      connectionString: required('BENCH_FENCE_DATABASE_URL'),
      max: Number(process.env.BENCH_POOL_SIZE ?? 10),
      pipeline: true,
    });
    pool.on('error', () => undefined); // an idle connection that dies is replaced on the next checkout
    pools.push(pool);
    participants.push(
      new FencedParticipant({
        name,
        rabbitmqUrl,
        pool,
        schema: name.replace(/-/g, '_'),
        prefetch,
        execute: benchExecute(name),
        compensates: (command) => ownedStep(name, command) !== undefined,
      }),
    );
  }
  for (const participant of participants) await participant.start();
  process.stdout.write('hand-written participants ready\n');
  const stop = async () => {
    await Promise.all(participants.map((p) => p.stop()));
    await Promise.all(pools.map((p) => p.end()));
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`hand-written participants failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
