import pg from 'pg';
import { createConsoleLogger, createParticipant, type Participant, type ParticipantLogger } from '@saga-coordinator/participant';
import { ensureDatabase } from './example-environment.util.js';
import type { ExampleEnvironment } from './example-environment.util.js';
import { armParticipantCrashPoint } from './participant-crash-point.util.js';
import type { RunningParticipant } from './run-until-signal.util.js';
import { applySchemaMigrations, type SchemaMigration } from './schema-migrations.util.js';

/** What differs between the example participants built on the plain SDK API. */
export interface PlainParticipantSpec {
  /** Participant name, also its PostgreSQL schema. */
  readonly name: string;
  readonly migrations: readonly SchemaMigration[];
  readonly register: (participant: Participant) => Participant;
}

/**
 * Creates the database and the participant's schema if needed, then starts it with its handlers
 * on the plain SDK API (the fence lives in the same schema).
 */
export async function startPlainParticipant(
  spec: PlainParticipantSpec,
  env: ExampleEnvironment,
  logger: ParticipantLogger = createConsoleLogger(spec.name),
): Promise<RunningParticipant> {
  await ensureDatabase(env.databaseUrl);
  const pool = new pg.Pool({ connectionString: env.databaseUrl, max: 10 });
  // An idle connection whose backend was terminated emits 'error' on the pool; unheard, it
  // would crash the process. The pool drops that client and opens a new one when needed.
  pool.on('error', (error) => logger.warn({ error: error.message }, 'idle PostgreSQL connection lost'));
  try {
    await applySchemaMigrations(pool, spec.name, spec.migrations);
    const participant = spec.register(
      createParticipant({
        name: spec.name,
        rabbitmqUrl: env.rabbitmqUrl,
        fence: { pool, schema: spec.name },
        declareSharedTopology: env.declareSharedTopology,
        logger,
      }),
    );
    await participant.start();
    armParticipantCrashPoint(pool);
    return {
      stop: async () => {
        await participant.stop();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
