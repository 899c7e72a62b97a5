import pg from 'pg';
import { createParticipant, type Participant, silentLogger, StepResult } from '@saga-coordinator/participant';
import { BenchParticipantNames, BenchStepCounts, participantOfStep, stepCommand } from './bench-definitions.js';

/**
 * One process hosting the three bench participants on the SDK (fence included) with trivial
 * handlers: succeed, unless the saga input names this step in `failAt`.
 * Env: BENCH_RABBITMQ_URL, BENCH_FENCE_DATABASE_URL, BENCH_PREFETCH, BENCH_POOL_SIZE.
 */
async function main(): Promise<void> {
  const rabbitmqUrl = required('BENCH_RABBITMQ_URL');
  const prefetch = Number(process.env.BENCH_PREFETCH ?? 64);
  const maxSteps = Math.max(...BenchStepCounts);
  const participants: Participant[] = [];
  const pools: pg.Pool[] = [];
  for (const name of BenchParticipantNames) {
    const pool = new pg.Pool({ connectionString: required('BENCH_FENCE_DATABASE_URL'), max: Number(process.env.BENCH_POOL_SIZE ?? 10) });
    pools.push(pool);
    const participant = createParticipant({ name, rabbitmqUrl, fence: { pool, schema: name.replace(/-/g, '_') }, prefetch, logger: silentLogger });
    for (let i = 1; i <= maxSteps; i++) {
      if (participantOfStep(i) !== name) continue;
      const { command, compensation } = stepCommand(i);
      participant
        .handle(command, async (message) => {
          const input = (message.payload as { input?: { failAt?: number } } | null)?.input;
          return input?.failAt === i ? StepResult.failed('bench-declined') : StepResult.succeeded({ i });
        })
        .compensate(compensation, async () => StepResult.compensated());
    }
    participants.push(participant);
  }
  // Sequential: the fence tables of the three schemas are created one at a time.
  for (const participant of participants) await participant.start();
  process.stdout.write('bench participants ready\n');
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
  process.stderr.write(`bench participants failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
