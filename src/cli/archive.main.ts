import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { findArchivedSaga, listArchivedSagas, type ArchiveProblem } from '../archive/archive-file.reader.js';
import { loadAppConfig } from '../config/app-config.js';

/**
 * Reads the saga archive (docs/archive.md) back, without the database:
 *   npm run archive -- show <sagaId> [--dir DIR]        the saga and its step log, as the API answered them
 *   npm run archive -- list [--definition order] [--created-from ISO] [--created-to ISO] [--limit N] [--json]
 * The directory is `--dir`, else ARCHIVE_DIR. Exit codes: 0 found, 1 error, 2 wrong command line,
 * 3 no such saga in the archive. Damaged files are skipped with a line on stderr.
 */
const ExitCodes = { Found: 0, Error: 1, Usage: 2, NotFound: 3 } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_LIST_LIMIT = 10_000;

/** A mistake on the command line: exit 2. */
class UsageError extends Error {}

function archiveDir(options: { dir?: string }): string {
  const dir = options.dir ?? loadAppConfig().archiveDir;
  if (dir === '') throw new UsageError('no archive directory: give --dir or set ARCHIVE_DIR.');
  return dir;
}

function reportProblem(problem: ArchiveProblem): void {
  process.stderr.write(`archive: skipped part of ${problem.file}: ${problem.message}\n`);
}

function instant(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError('expected an ISO 8601 instant.');
  return value;
}

function limit(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > MAX_LIST_LIMIT) throw new InvalidArgumentError(`expected 1..${MAX_LIST_LIMIT}.`);
  return number;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

const program = new Command('archive')
  .description('Read archived sagas back (the directory of ARCHIVE_DIR, or --dir).')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

program
  .command('show')
  .description('Print { saga, events } of one archived saga: its last copy, as GET /v1/sagas/{id} and /events answered.')
  .argument('<sagaId>', 'the saga id (UUID)')
  .option('--dir <dir>', 'the archive directory (default: ARCHIVE_DIR)')
  .action(async (sagaId: string, options: { dir?: string }) => {
    if (!UUID.test(sagaId)) throw new UsageError(`"${sagaId}" is not a saga id (a UUID).`);
    const found = await findArchivedSaga(archiveDir(options), sagaId.toLowerCase(), reportProblem);
    if (found === undefined) {
      process.stderr.write(`archive: saga ${sagaId} is not in the archive.\n`);
      process.exitCode = ExitCodes.NotFound;
      return;
    }
    print(JSON.stringify({ saga: found.record.saga, events: found.record.events }, null, 2));
  });

program
  .command('list')
  .description('List archived sagas, first archived first (each in its last copy).')
  .option('--dir <dir>', 'the archive directory (default: ARCHIVE_DIR)')
  .option('--definition <name>', 'only sagas of this definition')
  .option('--created-from <instant>', 'only sagas created at or after this ISO 8601 instant', instant)
  .option('--created-to <instant>', 'only sagas created before this ISO 8601 instant', instant)
  .option('--limit <n>', `at most this many sagas (1..${MAX_LIST_LIMIT})`, limit, 100)
  .option('--json', 'print a JSON array')
  .action(async (options: { dir?: string; definition?: string; createdFrom?: string; createdTo?: string; limit: number; json?: boolean }) => {
    const rows = await listArchivedSagas(
      archiveDir(options),
      {
        limit: options.limit,
        ...(options.definition === undefined ? {} : { definition: options.definition }),
        ...(options.createdFrom === undefined ? {} : { createdFrom: options.createdFrom }),
        ...(options.createdTo === undefined ? {} : { createdTo: options.createdTo }),
      },
      reportProblem,
    );
    if (options.json) print(JSON.stringify(rows));
    else if (rows.length === 0) print('No archived sagas match.');
    else
      for (const row of rows)
        print(`${row.id}  ${row.definition} v${row.version}  ${row.status}  created ${row.createdAt}  archived ${row.archivedAt}`);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; every other commander error is a wrong command line.
    process.exitCode = error.exitCode === 0 ? 0 : ExitCodes.Usage;
  } else if (error instanceof UsageError) {
    process.stderr.write(`archive: ${error.message}\n`);
    process.exitCode = ExitCodes.Usage;
  } else {
    process.stderr.write(`archive: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = ExitCodes.Error;
  }
}
