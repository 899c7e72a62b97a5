import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { SagaApiProblem } from '../saga-api-problem.js';
import { createSagaClient, type Definition, type DefinitionBody, type JsonObject, type SagaClient, type SagaSummary } from '../saga-client.js';
import type { Saga } from '../saga-status.js';
import { SagaWaitTimeoutError } from '../wait-for-result.js';
import { ExitCodes, exitCodeForStatus, type ExitCode } from './exit-codes.js';
import { Progress, type ProgressStream } from './progress.js';
import { formatTable } from './table.js';

/** Everything the CLI touches outside itself, so tests run it without a process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  /** Errors and the progress indicator (drawn only when `isTTY`). */
  readonly stderr: ProgressStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (path: string) => string;
  readonly readStdin: () => Promise<string>;
  readonly fetch?: typeof globalThis.fetch;
}

export const CliDefaults = { url: 'http://localhost:3000', waitTimeoutSeconds: 60 } as const;

interface GlobalOptions {
  url?: string;
  apiKey?: string;
  json?: boolean;
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError('expected a positive integer.');
  return value;
}

/**
 * A JSON object from the command line: inline JSON, `@path` for a file, `-` for stdin. Anything
 * else (not JSON, an array, a number) is a usage error before a request goes out.
 */
export async function readJsonObject(argument: string, io: Pick<CliIo, 'readFile' | 'readStdin'>, what: string): Promise<JsonObject> {
  let text: string;
  try {
    text = argument === '-' ? await io.readStdin() : argument.startsWith('@') ? io.readFile(argument.slice(1)) : argument;
  } catch (error) {
    throw new InvalidArgumentError(`cannot read ${what} from ${argument}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(`${what} is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError(`${what} must be a JSON object.`);
  return value as JsonObject;
}

const sagaColumns = [
  { header: 'ID', value: (saga: SagaSummary) => saga.id },
  { header: 'DEFINITION', value: (saga: SagaSummary) => `${saga.definition} v${saga.version}` },
  { header: 'STATUS', value: (saga: SagaSummary) => saga.status },
  { header: 'CREATED', value: (saga: SagaSummary) => saga.createdAt },
  { header: 'UPDATED', value: (saga: SagaSummary) => saga.updatedAt },
];

function describeSaga(saga: Saga): string {
  const head = [
    `Saga        ${saga.id}`,
    `Definition  ${saga.definition} v${saga.version}`,
    `Status      ${saga.status}`,
    `Created     ${saga.createdAt}`,
    `Updated     ${saga.updatedAt}`,
    ...(saga.output === null || saga.output === undefined ? [] : [`Output      ${JSON.stringify(saga.output)}`]),
  ].join('\n');
  const steps = formatTable(saga.steps, [
    { header: 'STEP', value: (step) => (step.parent ? `  ${step.name}` : step.name) },
    { header: 'TYPE', value: (step) => step.type },
    { header: 'STATUS', value: (step) => step.status },
    { header: 'ATTEMPTS', value: (step) => step.attempts },
    { header: 'ERROR', value: (step) => (step.error ? `${step.error.code}: ${step.error.message}` : null) },
  ]);
  return `${head}\n\n${steps}`;
}

/**
 * Builds and runs `saga` for one command line (`argv` without node and the script) and answers
 * its exit code (ExitCodes). Output goes to io.stdout: tables for people, JSON with --json.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCodes.Success;
  const program = new Command('saga')
    .description('Start, follow and operate sagas of a saga-coordinator over its REST API.')
    .option('--url <url>', `the coordinator (env SAGA_URL, default ${CliDefaults.url})`)
    .option('--api-key <key>', 'API key sent as a Bearer token (env SAGA_API_KEY)')
    .option('--json', 'print JSON for scripts instead of tables')
    .addHelpText(
      'after',
      '\nExit codes: 0 done (a wait: COMPLETED), 1 error (a problem answer, unreachable, bad usage),\n' +
        '2 COMPENSATED, 3 COMPENSATION_FAILED, 4 the wait timed out.\n',
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr.write(text) });

  const context = (command: Command) => {
    const options = command.optsWithGlobals<GlobalOptions>();
    const apiKey = options.apiKey ?? io.env['SAGA_API_KEY'];
    const client = createSagaClient({
      url: options.url ?? io.env['SAGA_URL'] ?? CliDefaults.url,
      ...(apiKey ? { apiKey } : {}),
      ...(io.fetch ? { fetch: io.fetch } : {}),
    });
    const print = (forPeople: string, forScripts: unknown) =>
      io.stdout(options.json ? `${JSON.stringify(forScripts, null, 2)}\n` : forPeople.endsWith('\n') ? forPeople : `${forPeople}\n`);
    return { client, print };
  };

  /** Waits for the saga's result with a progress indicator on a terminal, prints it, and sets the exit code by outcome. */
  const waitAndReport = async (client: SagaClient, print: ReturnType<typeof context>['print'], id: string, timeoutSeconds: number) => {
    const progress = new Progress(io.stderr, `saga ${id}`);
    progress.start();
    try {
      const saga = await client.waitForResult(id, { timeoutMs: timeoutSeconds * 1000, onProgress: (seen) => progress.update(seen.status) });
      progress.stop();
      print(describeSaga(saga), saga);
      exitCode = exitCodeForStatus(saga.status);
    } catch (error) {
      progress.stop();
      if (!(error instanceof SagaWaitTimeoutError)) throw error;
      io.stderr.write(`saga: ${error.message}\n`);
      if (error.saga) print(describeSaga(error.saga), error.saga);
      exitCode = ExitCodes.WaitTimedOut;
    }
  };

  const sagas = program.command('sagas').description('Start, follow and operate sagas.');
  sagas
    .command('list')
    .description('List sagas, newest first.')
    .option('--status <status>', 'only sagas in this status (RUNNING, COMPENSATING, COMPLETED, COMPENSATED, COMPENSATION_FAILED)')
    .option('--definition <name>', 'only sagas of this definition')
    .option('--attention', 'only sagas that need an operator')
    .option('--limit <n>', 'page size, 1..100', positiveInteger)
    .option('--cursor <cursor>', 'the next cursor of the previous page')
    .action(async (options: { status?: string; definition?: string; attention?: boolean; limit?: number; cursor?: string }, command: Command) => {
      const { client, print } = context(command);
      const page = await client.list({
        ...(options.status ? { status: options.status as SagaSummary['status'] } : {}),
        ...(options.definition ? { definition: options.definition } : {}),
        ...(options.attention ? { attention: 'true' as const } : {}),
        ...(options.limit ? { limit: options.limit } : {}),
        ...(options.cursor ? { cursor: options.cursor } : {}),
      });
      const more = page.nextCursor ? `\nMore: saga sagas list --cursor ${page.nextCursor}\n` : '';
      print(formatTable(page.items, sagaColumns) + more, page);
    });
  sagas
    .command('show')
    .description('Show a saga and its steps.')
    .argument('<id>', 'saga id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, print } = context(command);
      const saga = await client.get(id);
      print(describeSaga(saga), saga);
    });
  sagas
    .command('events')
    .description("Show a saga's step log, oldest first.")
    .argument('<id>', 'saga id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, print } = context(command);
      const events = await client.events(id);
      print(
        formatTable(events, [
          { header: 'SEQ', value: (event) => event.seq },
          { header: 'AT', value: (event) => event.at },
          { header: 'TYPE', value: (event) => event.type },
          { header: 'STEP', value: (event) => event.step },
          { header: 'ATTEMPT', value: (event) => event.attempt },
        ]),
        events,
      );
    });
  sagas
    .command('start')
    .description('Start a saga; with --wait, wait for its result and exit by outcome.')
    .argument('<definition>', 'definition name')
    .argument('<input>', 'the saga input: JSON, @file or - for stdin')
    .option('--idempotency-key <key>', 'makes the start safe to repeat')
    .option('--version <n>', 'definition version (default: the latest)', positiveInteger)
    .option('--wait', 'wait for the result; exit 0 completed, 2 compensated, 3 compensation failed, 4 timed out')
    .option('--timeout <seconds>', `how long --wait waits (default ${CliDefaults.waitTimeoutSeconds})`, positiveInteger)
    .action(
      async (
        definition: string,
        inputArgument: string,
        options: { idempotencyKey?: string; version?: number; wait?: boolean; timeout?: number },
        command: Command,
      ) => {
        const input = await readJsonObject(inputArgument, io, 'the saga input');
        const { client, print } = context(command);
        const { saga, replayed } = await client.start(definition, input, {
          ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
          ...(options.version ? { version: options.version } : {}),
        });
        if (options.wait) return waitAndReport(client, print, saga.id, options.timeout ?? CliDefaults.waitTimeoutSeconds);
        print(`${replayed ? 'Already started' : 'Started'} saga ${saga.id} (${saga.definition} v${saga.version}): ${saga.status}`, saga);
      },
    );
  sagas
    .command('wait')
    .description('Wait for a saga to settle; exit 0 completed, 2 compensated, 3 compensation failed, 4 timed out.')
    .argument('<id>', 'saga id')
    .option('--timeout <seconds>', `give up after this long (default ${CliDefaults.waitTimeoutSeconds})`, positiveInteger)
    .action(async (id: string, options: { timeout?: number }, command: Command) => {
      const { client, print } = context(command);
      await waitAndReport(client, print, id, options.timeout ?? CliDefaults.waitTimeoutSeconds);
    });
  const operated = (verb: string, saga: Saga) => `${verb} saga ${saga.id}: ${saga.status}`;
  sagas
    .command('cancel')
    .description('Cancel a running saga: what succeeded is compensated.')
    .argument('<id>', 'saga id')
    .option('--reason <text>', 'why, recorded in the step log')
    .action(async (id: string, options: { reason?: string }, command: Command) => {
      const { client, print } = context(command);
      const saga = await client.cancel(id, options.reason);
      print(operated('Cancelled', saga), saga);
    });
  sagas
    .command('retry')
    .description('Retry a saga that waits for an operator retry.')
    .argument('<id>', 'saga id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, print } = context(command);
      const saga = await client.retry(id);
      print(operated('Retried', saga), saga);
    });
  sagas
    .command('resolve')
    .description('Record that a step whose compensation failed was undone by hand.')
    .argument('<id>', 'saga id')
    .argument('<step>', 'step name')
    .requiredOption('--reason <text>', 'how it was undone, recorded in the step log')
    .action(async (id: string, step: string, options: { reason: string }, command: Command) => {
      const { client, print } = context(command);
      const saga = await client.resolve(id, step, options.reason);
      print(operated('Resolved a step of', saga), saga);
    });
  sagas
    .command('signal')
    .description('Send a signal a wait step is waiting for.')
    .argument('<id>', 'saga id')
    .argument('<signal>', 'signal name')
    .argument('[payload]', "the wait step's output: JSON, @file or - for stdin", '{}')
    .action(async (id: string, signal: string, payloadArgument: string, _options: unknown, command: Command) => {
      const payload = await readJsonObject(payloadArgument, io, 'the signal payload');
      const { client, print } = context(command);
      const saga = await client.signal(id, signal, payload);
      print(operated(`Signalled ${signal} to`, saga), saga);
    });

  const definitions = program.command('definitions').description('Saga definitions.');
  definitions
    .command('list')
    .description('The latest version of every definition.')
    .action(async (_options: unknown, command: Command) => {
      const { client, print } = context(command);
      const list = await client.definitions.list();
      print(
        formatTable(list, [
          { header: 'NAME', value: (definition: Definition) => definition.name },
          { header: 'VERSION', value: (definition: Definition) => definition.version },
          { header: 'STEPS', value: (definition: Definition) => definition.steps.length },
          { header: 'REGISTERED', value: (definition: Definition) => definition.createdAt },
          { header: 'DESCRIPTION', value: (definition: Definition) => definition.description },
        ]),
        list,
      );
    });
  definitions
    .command('show')
    .description('A definition as JSON (its latest version, or --version).')
    .argument('<name>', 'definition name')
    .option('--version <n>', 'a registered version', positiveInteger)
    .action(async (name: string, options: { version?: number }, command: Command) => {
      const { client, print } = context(command);
      const definition = await client.definitions.show(name, options.version);
      print(JSON.stringify(definition, null, 2), definition);
    });
  definitions
    .command('register')
    .description('Register a definition (a new version when the name exists).')
    .argument('<definition>', 'the definition: @file, JSON or - for stdin')
    .action(async (argument: string, _options: unknown, command: Command) => {
      const body = (await readJsonObject(argument, io, 'the definition')) as DefinitionBody;
      const { client, print } = context(command);
      const { definition, created } = await client.definitions.register(body);
      print(`${created ? 'Registered' : 'Unchanged, identical to'} ${definition.name} v${definition.version}`, definition);
    });
  definitions
    .command('validate')
    .description('Check a definition without registering it; exit 1 when invalid.')
    .argument('<definition>', 'the definition: @file, JSON or - for stdin')
    .action(async (argument: string, _options: unknown, command: Command) => {
      const body = (await readJsonObject(argument, io, 'the definition')) as DefinitionBody;
      const { client, print } = context(command);
      const result = await client.definitions.validate(body);
      const forPeople = result.valid
        ? 'valid'
        : `invalid\n\n${formatTable(result.errors, [
            { header: 'POINTER', value: (error) => error.pointer || '/' },
            { header: 'PROBLEM', value: (error) => error.message },
          ])}`;
      print(forPeople, result);
      if (!result.valid) exitCode = ExitCodes.Error;
    });

  program
    .command('participants')
    .description('The participant services that announced themselves.')
    .action(async (_options: unknown, command: Command) => {
      const { client, print } = context(command);
      const participants = await client.participants();
      print(
        formatTable(participants, [
          { header: 'NAME', value: (participant) => participant.name },
          { header: 'COMMANDS', value: (participant) => participant.commands.join(',') },
          { header: 'INSTANCES', value: (participant) => participant.instances.length },
          { header: 'QUEUED', value: (participant) => participant.queue?.messages },
          { header: 'LAST SEEN', value: (participant) => participant.lastSeenAt },
        ]),
        participants,
      );
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io, program.opts<GlobalOptions>().json === true);
  }
}

function reportError(error: unknown, io: CliIo, json: boolean): ExitCode {
  // Thrown by our own argument checks inside an action: commander has not printed it.
  if (error instanceof InvalidArgumentError) {
    io.stderr.write(`saga: ${error.message}\n`);
    return ExitCodes.Error;
  }
  if (error instanceof CommanderError) {
    // --help and --version end here too: they are not errors.
    return error.exitCode === 0 ? ExitCodes.Success : ExitCodes.Error;
  }
  if (error instanceof SagaApiProblem) {
    const pointers = error.errors.map((issue) => `\n  ${issue.pointer || '/'}: ${issue.message}`).join('');
    io.stderr.write(`saga: ${error.title} (${error.status}, ${error.type}): ${error.detail}${pointers}\n`);
    if (json)
      io.stdout(
        `${JSON.stringify({ type: error.type, title: error.title, status: error.status, detail: error.detail, errors: error.errors }, null, 2)}\n`,
      );
    return ExitCodes.Error;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  io.stderr.write(`saga: ${error instanceof Error ? error.message : String(error)}${cause}\n`);
  return ExitCodes.Error;
}
