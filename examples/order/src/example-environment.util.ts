import pg from 'pg';

/** Configuration of an example participant process, from the environment. */
export interface ExampleEnvironment {
  readonly databaseUrl: string;
  readonly rabbitmqUrl: string;
  /** False under least-privilege broker users: the shared topology is only checked, not declared. */
  readonly declareSharedTopology: boolean;
  /** `json` (default): pino's JSON lines, like the coordinator's; `pretty`: one readable line each. */
  readonly logFormat: ExampleLogFormat;
}

/** The values of `LOG_FORMAT`, as the coordinator accepts them. */
export const ExampleLogFormats = ['json', 'pretty'] as const;
export type ExampleLogFormat = (typeof ExampleLogFormats)[number];

/** `LOG_FORMAT`: `json` when unset or empty, as in the coordinator; anything else but `pretty` is refused. */
function readLogFormat(raw: string | undefined): ExampleLogFormat {
  if (raw === undefined || raw === '') return 'json';
  const format = ExampleLogFormats.find((known) => known === raw);
  if (format === undefined) throw new Error(`LOG_FORMAT must be json or pretty, got ${JSON.stringify(raw)}`);
  return format;
}

/**
 * Reads `DATABASE_URL`, `RABBITMQ_URL`, `PARTICIPANT_DECLARES_SHARED_TOPOLOGY` (default true) and
 * `LOG_FORMAT` (default json), with defaults that work on a developer machine.
 * @throws Error for a `LOG_FORMAT` other than json or pretty.
 */
export function readExampleEnvironment(env: NodeJS.ProcessEnv = process.env): ExampleEnvironment {
  return {
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres:postgres@localhost:5432/saga',
    rabbitmqUrl: env.RABBITMQ_URL ?? 'amqp://guest:guest@localhost:5672',
    declareSharedTopology: env.PARTICIPANT_DECLARES_SHARED_TOPOLOGY !== 'false',
    logFormat: readLogFormat(env.LOG_FORMAT),
  };
}

/** SQLSTATEs of "it already exists" when several processes create the database at once. */
const alreadyExists = new Set(['42P04', '23505']);

/** Creates the database named in `databaseUrl` if it does not exist (connecting to `postgres` to do so). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (name === '' || name === 'postgres') return;
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (error) {
    if (!alreadyExists.has((error as { code?: string }).code ?? '')) throw error;
  } finally {
    await admin.end();
  }
}
