import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrderSystem, type OrderSystem } from '../support/order-system.js';
import { createTestDatabase, eventually } from '../support/test-infrastructure.js';

/**
 * Every shell sample (```bash / ```sh blocks) of the README, docs/*.md and packages/*\/README.md,
 * checked command by command against a real coordinator and the example participants:
 *
 * - `curl …` lines run as written through `bash -c` (jq included), with `localhost:3000` pointed at
 *   the test's coordinator and `<id>` replaced by the id of the file's preceding `POST /v1/sagas`
 *   (`<participant>` by `shipping`); every request must answer 2xx, and what the sample says comes back (a trailing comment such as
 *   `# 201, version 1`, `# status COMPLETED`, a list of step-log events, or the prose "answers 202")
 *   is asserted on the command's own output;
 * - `npm run <script>` / `npm ci` / `npm start` / `npm test`: the script exists in the package.json
 *   of the document's package (`npm run keys -- create …` really runs, on the test's database);
 * - `npm install <name>` in a package's README: the package itself or one of its peer dependencies;
 * - `npx saga …` (the client's CLI) runs as written against the test's coordinator, its exit code
 *   and printed status as the trailing `# exit N: STATUS` promises (0 otherwise);
 * - `npx saga-conformance …`: every flag is one the kit's `--help` lists, the required ones are
 *   given, JSON values parse, and the participant, command and compensation named are ones the
 *   running example participant announces (test/e2e/conformance-kit.test.ts runs the kit itself);
 * - `psql … -f node_modules/@saga-coordinator/participant/sql/…`: runs on the test's database;
 * - anything else must be in {@link AllowList} with the reason, or the test fails.
 */
const repoRoot = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** The documents whose shell samples are checked, in the order a reader meets them. */
const documents = [
  'README.md',
  ...readdirSync(join(repoRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
  ...readdirSync(join(repoRoot, 'packages'))
    .filter((name) => existsSync(join(repoRoot, 'packages', name, 'README.md')))
    .sort()
    .map((name) => `packages/${name}/README.md`),
];

/** Commands that are not run here, each with why and what is checked instead. */
const AllowList: { pattern: RegExp; reason: string; check: (command: string) => void }[] = [
  {
    pattern: /^OTEL_ENABLED=true OTEL_EXPORTER_OTLP_ENDPOINT=\S+\s+node --import \S+ \S+$/,
    reason:
      'needs an OTLP collector (http://collector:4318); test/integration/tracing/register.test.ts runs register.js itself. Checked: both files it names exist after the build, and the coordinator reads both variables',
    check: (command) => {
      for (const path of command.match(/\.?\/?dist\/\S+\.js/g) ?? []) expect(existsSync(join(repoRoot, path)), `${path} exists`).toBe(true);
      const sources = execFileSync('grep', ['-rl', '-e', 'OTEL_ENABLED', '-e', 'OTEL_EXPORTER_OTLP_ENDPOINT', join(repoRoot, 'src')], {
        encoding: 'utf8',
      });
      expect(sources.trim(), 'the source reads OTEL_ENABLED / OTEL_EXPORTER_OTLP_ENDPOINT').not.toBe('');
    },
  },
  {
    pattern: /^zcat \/var\/lib\/saga-archive\/sagas-\*\.jsonl\.gz \| jq /,
    reason:
      'reads an archive directory, which needs sagas archived first: test/e2e/saga-archive.test.ts runs every shell sample of docs/archive.md on a real archive and compares the output with the API. Checked: that test reads docs/archive.md',
    check: () => {
      expect(readFileSync(join(repoRoot, 'test/e2e/saga-archive.test.ts'), 'utf8')).toContain("'docs/archive.md'");
    },
  },
];

export interface ShellCommand {
  readonly file: string;
  /** 1-based line of the command's first line in `file`. */
  readonly line: number;
  /** The command as a shell reads it (continuation lines and multi-line quotes included), without comments. */
  readonly text: string;
  /** Its trailing comment and the comment-only lines right after it. */
  comment: string;
  /** The prose paragraph after the block, for the block's last command. */
  prose: string;
}

/**
 * The commands of the shell blocks of `markdown`: split where a newline ends a command (outside
 * quotes, `$(…)` and backslash continuations), `#` comments kept apart.
 */
export function shellCommands(file: string, markdown: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  for (const block of markdown.matchAll(/^```(?:bash|sh|shell|console)\n([\s\S]*?)^```$/gm)) {
    const body = block[1]!;
    const firstLine = markdown.slice(0, block.index).split('\n').length + 1;
    const after = markdown.slice(block.index + block[0].length).replace(/^\s+/, '');
    const prose = after.startsWith('```') ? '' : after.split(/\n\s*\n/)[0]!;
    const inBlock: ShellCommand[] = [];
    let text = '';
    let comment = '';
    let quote: "'" | '"' | undefined;
    let depth = 0;
    let line = 0;
    let startLine = 0;
    const end = () => {
      if (text.trim() !== '') inBlock.push({ file, line: firstLine + startLine, text: text.trim(), comment: comment.trim(), prose: '' });
      else if (comment.trim() !== '' && inBlock.length > 0) inBlock.at(-1)!.comment += ` ${comment.trim()}`;
      text = '';
      comment = '';
    };
    for (let i = 0; i < body.length; i++) {
      const c = body[i]!;
      if (text.trim() === '' && comment === '' && c !== '\n') startLine = line;
      if (c === '\n') line++;
      if (quote === "'") {
        text += c;
        if (c === "'") quote = undefined;
      } else if (c === '\\') {
        text += c + (body[i + 1] ?? '');
        if (body[i + 1] === '\n') line++;
        i++;
      } else if (quote === '"') {
        text += c;
        if (c === '"') quote = undefined;
      } else if (c === "'" || c === '"') {
        text += c;
        quote = c;
      } else if (c === '#' && (text === '' || /\s$/.test(text))) {
        const stop = body.indexOf('\n', i);
        comment += ` ${body.slice(i + 1, stop < 0 ? undefined : stop)}`;
        i = (stop < 0 ? body.length : stop) - 1;
      } else if (c === '\n' && depth === 0) {
        end();
      } else {
        if (c === '(' && text.endsWith('$')) depth++;
        else if (c === ')' && depth > 0) depth--;
        text += c;
      }
    }
    end();
    if (inBlock.length > 0) inBlock.at(-1)!.prose = prose;
    commands.push(...inBlock);
  }
  return commands;
}

const commands = documents.flatMap((file) => shellCommands(file, readFileSync(join(repoRoot, file), 'utf8')));
/** The command on one line: backslash continuations joined. */
const flat = (text: string) => text.replace(/\\\n\s*/g, ' ');
const where = (command: ShellCommand) => `${command.file}:${command.line}: ${command.text.split('\n')[0]}`;
const Terminal = ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED', 'FAILED', 'CANCELLED'];

/** The package.json that a command in `file` is about: the package's own for packages/<name>/README.md. */
function packageJsonOf(file: string): {
  name: string;
  private?: boolean;
  scripts?: Record<string, string>;
  peerDependencies?: Record<string, string>;
} {
  const dir = file.startsWith('packages/') ? dirname(file) : '.';
  return JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8'));
}

/** One step-log entry the docs promise: its type, and where given its step and the reason in its data. */
interface PromisedEvent {
  type: string;
  step?: string;
  reason?: string;
}

/** `SagaStarted, StepStarted … StepFailed create-shipment (destination-not-served), …` */
function promisedEvents(comment: string): PromisedEvent[] {
  return comment
    .split(/,|…|;/)
    .map((part) => /^\s*([A-Z][a-z]+(?:[A-Z][a-z]+)+)(?:\s+([a-z][\w-]*))?(?:\s*\(([^)]+)\))?/.exec(part))
    .filter((match) => match !== null)
    .map(([, type, step, reason]) => ({ type: type!, ...(step ? { step } : {}), ...(reason ? { reason } : {}) }));
}

/** The events a command printed: the raw JSON array, or jq's lines of `type [step]`. */
function printedEvents(stdout: string): { type: string; step?: string | null; data?: unknown }[] {
  try {
    const parsed = JSON.parse(stdout) as unknown;
    if (Array.isArray(parsed)) return parsed as { type: string; step: string | null; data: unknown }[];
  } catch {
    // not JSON: jq -r lines
  }
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [type, step] = line.trim().split(/\s+/);
      return { type: type!, step: step ?? null };
    });
}

/** Whether `promised` appear in `actual` in that order (others may come between, as "…" says). */
function inOrder(promised: PromisedEvent[], actual: ReturnType<typeof printedEvents>): PromisedEvent | undefined {
  let at = 0;
  for (const event of promised) {
    const found = actual.findIndex(
      (candidate, index) =>
        index >= at &&
        candidate.type === event.type &&
        (event.step === undefined || candidate.step === event.step) &&
        (event.reason === undefined || candidate.data === undefined || JSON.stringify(candidate.data).includes(event.reason)),
    );
    if (found < 0) return event;
    at = found + 1;
  }
  return undefined;
}

/** The saga status a command printed: `.status` of a JSON saga, or the first line of jq's output. */
function printedStatus(stdout: string): string | undefined {
  try {
    const parsed = JSON.parse(stdout) as { status?: string };
    if (typeof parsed.status === 'string') return parsed.status;
  } catch {
    // jq output of several values
  }
  const first = stdout.trim().split('\n')[0] ?? '';
  return /^"?([A-Z_]+)"?$/.exec(first)?.[1];
}

describe('documented shell commands', () => {
  let system: OrderSystem;
  let baseUrl: string;
  /** Per document: the id of the last saga a sample started (what `<id>` and `$ID` stand for). */
  const lastSagaId = new Map<string, string>();

  beforeAll(async () => {
    for (const tool of ['curl', 'jq', 'psql']) {
      const found = execFileSync('sh', ['-c', `command -v ${tool} || true`], { encoding: 'utf8' }).trim();
      if (found === '')
        throw new Error(`${tool} is not installed: the documented commands use it (node scripts/prepare-machine.mjs e2e installs it as root)`);
    }
    system = await startOrderSystem('saga_docs');
    baseUrl = system.client.baseUrl;
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('finds shell samples in the README, docs and package READMEs', () => {
    expect(commands.length).toBeGreaterThan(10);
    for (const file of ['README.md', 'docs/definitions.md', 'docs/observability.md', 'packages/participant/README.md']) {
      expect(
        commands.some((command) => command.file === file),
        `${file} has shell samples`,
      ).toBe(true);
    }
  });

  it('knows how to check every documented command', () => {
    const unknown = commands.filter((command) => kindOf(command) === undefined).map(where);
    expect(unknown, 'commands neither checked nor allow-listed: add a check or an AllowList entry with the reason').toEqual([]);
  });

  function kindOf(command: ShellCommand): 'curl' | 'npm' | 'conformance' | 'saga' | 'psql' | 'allowed' | undefined {
    if (/^(?:[A-Z_]+=\$\()?curl\s/.test(command.text)) return 'curl';
    if (/^(?:ID=\$\()?npx saga\s/.test(command.text)) return 'saga';
    if (/^npm (?:ci|start|test|run|install)\b/.test(command.text)) return 'npm';
    if (/^npx saga-conformance\s/.test(command.text)) return 'conformance';
    if (/^psql\s/.test(command.text)) return 'psql';
    if (AllowList.some(({ pattern }) => pattern.test(flat(command.text)))) return 'allowed';
    return undefined;
  }

  /** Runs a documented curl command through bash, as written; each curl reports its HTTP status on stderr. */
  async function runCurl(command: ShellCommand) {
    const sagaId = lastSagaId.get(command.file);
    let text = command.text.replaceAll('localhost:3000', baseUrl.replace(/^http:\/\//, ''));
    if (text.includes('<id>')) {
      expect(sagaId, `${where(command)}: <id> needs a preceding POST /v1/sagas`).toBeDefined();
      text = text.replaceAll('<id>', sagaId!);
    }
    // `<participant>`: one the running system announced (it announces itself again afterwards).
    text = text.replaceAll('<participant>', 'shipping');
    const assignsId = /^ID=\$\(/.test(text);
    // Before reading a saga, wait for its end (a reader runs these a moment later); before a
    // signal, wait until the saga's wait started (an early signal is answered 409 by design).
    const target = sagaId ?? '';
    if (!assignsId && sagaId !== undefined && /\/v1\/sagas\/(?:\$ID|[0-9a-f-]{36})(?:\/events)?['"\s|]/.test(`${text} `) && !/-X\s*POST/.test(text)) {
      await system.client.waitFor(target, Terminal, 60_000);
    }
    const signal = /\/v1\/sagas\/(?:\$ID|[0-9a-f-]{36})\/signals\/([\w-]+)/.exec(text);
    if (signal && sagaId !== undefined) {
      await eventually(async () => ((await system.client.events(target)).some((e) => e.type === 'WaitStarted') ? true : undefined), {
        timeoutMs: 30_000,
        what: `saga ${target} to wait for signal ${signal[1]}`,
      }).catch(async (error: Error) => {
        const events = await system.client.events(target);
        throw new Error(
          `${error.message}; its step log: ${events.map((e) => `${e.type} ${e.step ?? ''} ${JSON.stringify(e.data ?? {})}`).join(', ')}`,
        );
      });
    }
    const script = [
      'set -euo pipefail',
      `curl() { command curl -w '%{stderr}HTTP %{http_code}\\n' "$@"; }`,
      text,
      ...(assignsId ? [`printf '\\n__ID=%s\\n' "$ID"`] : []),
    ].join('\n');
    const { stdout, stderr } = await run('bash', ['-c', script], {
      cwd: repoRoot,
      // $KEY: any value does, the coordinator runs with auth off as under npm start.
      env: { ...process.env, ID: sagaId ?? '', KEY: 'documented-sample-key' },
    }).catch((error: { stdout: string; stderr: string; code: number }) => {
      throw new Error(`${where(command)}: exit ${error.code}\n${error.stderr}\n${error.stdout}`);
    });
    const statuses = [...stderr.matchAll(/^HTTP (\d{3})$/gm)].map((match) => Number(match[1]));
    let output = stdout;
    if (assignsId) {
      const id = /\n__ID=(.*)\n$/.exec(stdout)?.[1] ?? '';
      output = stdout.slice(0, stdout.lastIndexOf('\n__ID='));
      expect(id, `${where(command)}: $ID is a saga id`).toMatch(/^[0-9a-f-]{36}$/);
      lastSagaId.set(command.file, id);
    } else if (/\/v1\/sagas['"]?\s/.test(`${text} `) && /-X\s*POST|\s-d\s/.test(text)) {
      const id = (JSON.parse(stdout) as { id?: string }).id;
      expect(id, `${where(command)}: POST /v1/sagas answers the saga with its id`).toMatch(/^[0-9a-f-]{36}$/);
      lastSagaId.set(command.file, id!);
    }
    return { statuses, output };
  }

  async function check(command: ShellCommand): Promise<void> {
    const kind = kindOf(command);
    switch (kind) {
      case 'curl': {
        const { statuses, output } = await runCurl(command);
        expect(statuses.length, `${where(command)}: ran curl`).toBeGreaterThan(0);
        expect(
          statuses.filter((status) => status < 200 || status >= 300),
          `${where(command)}: every request answers 2xx\n${output}`,
        ).toEqual([]);
        const promisedStatus = /^(\d{3})\b/.exec(command.comment)?.[1] ?? /answers `?(\d{3})\b/.exec(command.prose)?.[1];
        if (promisedStatus !== undefined) expect(statuses.at(-1), `${where(command)}: answers ${promisedStatus}`).toBe(Number(promisedStatus));
        const version = /\bversion (\d+)\b/.exec(command.comment)?.[1];
        if (version !== undefined) expect((JSON.parse(output) as { version: number }).version, `${where(command)}: version`).toBe(Number(version));
        const runningStatus = /"status":"([A-Z_]+)"/.exec(command.prose)?.[1];
        if (runningStatus !== undefined && promisedStatus !== undefined) {
          expect((JSON.parse(output) as { status: string }).status, `${where(command)}: the saga as answered`).toBe(runningStatus);
        }
        const sagaStatus = new RegExp(`(?:^|status |; )(${Terminal.join('|')})\\b`).exec(command.comment)?.[1];
        if (sagaStatus !== undefined) expect(printedStatus(output), `${where(command)}: saga status\n${output}`).toBe(sagaStatus);
        const stepStatus = /each step ([A-Z_]+)/.exec(command.comment)?.[1];
        if (stepStatus !== undefined) {
          const steps = (JSON.parse(output) as { steps: { status: string }[] }).steps;
          expect(steps.length).toBeGreaterThan(0);
          expect(
            steps.map((step) => step.status),
            `${where(command)}: step statuses`,
          ).toEqual(steps.map(() => stepStatus));
        }
        const branch = /took "([^"]+)"/.exec(command.comment)?.[1];
        if (branch !== undefined) expect(output, `${where(command)}: the choice took ${branch}`).toMatch(new RegExp(`"branch":\\s*"${branch}"`));
        const events = promisedEvents(command.comment);
        if (events.length > 0) {
          const missing = inOrder(events, printedEvents(output));
          expect(missing, `${where(command)}: the events in the order the comment gives\n${output}`).toBeUndefined();
        }
        return;
      }
      case 'npm':
        return checkNpm(command);
      case 'conformance':
        return checkConformance(command);
      case 'saga':
        return runSagaCli(command);
      case 'psql':
        return checkPsql(command);
      case 'allowed':
        return AllowList.find(({ pattern }) => pattern.test(flat(command.text)))!.check(flat(command.text));
      default:
        throw new Error(`${where(command)}: no check for this command`);
    }
  }

  async function checkNpm(command: ShellCommand): Promise<void> {
    const manifest = packageJsonOf(command.file);
    for (const part of command.text.split('&&').map((p) => p.trim())) {
      const [, verb, rest = ''] = /^npm (\S+)\s*([\s\S]*)$/.exec(part)!;
      if (verb === 'ci') {
        expect(existsSync(join(repoRoot, 'package-lock.json')), `${where(command)}: npm ci needs package-lock.json`).toBe(true);
      } else if (verb === 'start' || verb === 'test') {
        expect(manifest.scripts?.[verb], `${where(command)}: script "${verb}" in ${manifest.name}`).toBeDefined();
      } else if (verb === 'run') {
        const script = rest.split(/\s+/)[0]!;
        expect(manifest.scripts?.[script], `${where(command)}: script "${script}" in ${manifest.name}`).toBeDefined();
        if (script === 'keys') await runKeys(command, part);
      } else if (verb === 'install') {
        // In a package's README: the package itself, or what it asks its users to bring.
        const names = rest.split(/\s+/).filter((name) => name !== '' && !name.startsWith('-'));
        expect(manifest.private, `${where(command)}: ${manifest.name} is published`).not.toBe(true);
        for (const name of names) {
          expect(
            name === manifest.name || name in (manifest.peerDependencies ?? {}),
            `${where(command)}: ${name} is ${manifest.name} or one of its peer dependencies`,
          ).toBe(true);
        }
      } else {
        throw new Error(`${where(command)}: npm ${verb} is not checked`);
      }
    }
  }

  /** `npm run keys -- create …` as written, on the test's database: it prints a key, then lists it. */
  async function runKeys(command: ShellCommand, part: string): Promise<void> {
    const env = { ...process.env, DATABASE_URL: system.infra.databaseUrl };
    const { stdout } = await run('bash', ['-c', part], { cwd: repoRoot, env });
    expect(stdout, `${where(command)}: prints the key`).toMatch(/^sk_[0-9a-f]{12}_\S+$/m);
    const name = /--name\s+(\S+)/.exec(part)?.[1];
    const listed = JSON.parse((await run('bash', ['-c', 'npm run --silent keys -- --json list'], { cwd: repoRoot, env })).stdout) as {
      name: string;
      scopes: string[];
    }[];
    const scopes = /--scopes\s+(\S+)/.exec(part)?.[1]?.split(',');
    expect(listed, `${where(command)}: the key is stored`).toContainEqual(expect.objectContaining({ name, scopes }));
  }

  /** The documented flags against the kit's own `--help`, and the participant it names against the running one. */
  async function checkConformance(command: ShellCommand): Promise<void> {
    const conformancePackage = join(repoRoot, 'packages/conformance');
    const bin = (JSON.parse(readFileSync(join(conformancePackage, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin[
      'saga-conformance'
    ]!;
    const { stdout: help } = await run(process.execPath, [join(conformancePackage, bin), '--help']);
    const accepted = new Set([...help.matchAll(/^\s+--([a-z-]+)/gm)].map((match) => match[1]!));
    const required = [
      ...help
        .split('\n')[0]!
        .replace(/\[.*$/, '')
        .matchAll(/--([a-z-]+)/g),
    ].map((match) => match[1]!);
    expect(required.length).toBeGreaterThan(0);
    // The words as the shell splits them.
    const words = (await run('bash', ['-c', `set -- ${command.text.replace(/^npx saga-conformance/, '')}\nprintf '%s\\0' "$@"`])).stdout
      .split('\0')
      .slice(0, -1);
    const given = new Map<string, string>();
    for (let i = 0; i < words.length; i++) {
      const flag = /^--([a-z-]+)$/.exec(words[i]!)?.[1];
      expect(flag, `${where(command)}: ${words[i]} is a --flag`).toBeDefined();
      expect(accepted.has(flag!), `${where(command)}: --${flag} is an option of saga-conformance --help`).toBe(true);
      if (['json', 'help'].includes(flag!)) continue;
      given.set(flag!, words[++i]!);
    }
    for (const flag of required) expect(given.has(flag), `${where(command)}: --${flag} is required`).toBe(true);
    for (const flag of ['input', 'outputs', 'during-input'])
      if (given.has(flag)) expect(() => JSON.parse(given.get(flag)!), `${where(command)}: --${flag} is JSON`).not.toThrow();
    const { body: participants } = await system.client.json('/v1/participants');
    const participant = (participants as { name: string; commands?: unknown }[]).find((p) => p.name === given.get('participant'));
    expect(participant, `${where(command)}: an example participant is called ${given.get('participant')}`).toBeDefined();
    const announced = JSON.stringify(participant);
    expect(announced, `${where(command)}: it handles ${given.get('command')}`).toContain(`"${given.get('command')}"`);
    expect(announced, `${where(command)}: it handles ${given.get('compensation')}`).toContain(`"${given.get('compensation')}"`);
  }

  /**
   * `npx saga …` as written, through the CLI this repository builds (packages/client, its `bin`),
   * against the test's coordinator (SAGA_URL). `# exit N: STATUS` promises the exit code and the
   * status it prints; without it the command must exit 0. `ID=$(npx saga --json sagas start …)`
   * keeps the id for the `$ID` of the samples after it.
   */
  async function runSagaCli(command: ShellCommand): Promise<void> {
    const client = join(repoRoot, 'packages/client');
    const bin = join(client, (JSON.parse(readFileSync(join(client, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['saga']!);
    const assignsId = /^ID=\$\(/.test(command.text);
    const script = [
      'set -euo pipefail',
      `npx() { if [ "$1" = saga ]; then shift; node ${bin} "$@"; else command npx "$@"; fi; }`,
      command.text,
      ...(assignsId ? [`printf '\\n__ID=%s\\n' "$ID"`] : []),
    ].join('\n');
    const env = { ...process.env, SAGA_URL: baseUrl, ID: lastSagaId.get(command.file) ?? '' };
    const result = await run('bash', ['-c', script], { cwd: repoRoot, env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    const promised = /^exit (\d+)(?::\s*([A-Z_]+))?/.exec(command.comment.trim());
    expect(result.code, `${where(command)}: exit code\n${result.stderr}\n${result.stdout}`).toBe(Number(promised?.[1] ?? 0));
    if (promised?.[2] !== undefined) expect(result.stdout, `${where(command)}: prints ${promised[2]}`).toContain(promised[2]);
    if (assignsId) {
      const id = /\n__ID=(.*)\n$/.exec(result.stdout)?.[1] ?? '';
      expect(id, `${where(command)}: $ID is a saga id`).toMatch(/^[0-9a-f-]{36}$/);
      lastSagaId.set(command.file, id);
    }
  }

  /**
   * psql as written, from the repository root (where node_modules/@saga-coordinator/participant is
   * the workspace link), on a database of its own: the example participants already created their
   * fence tables in the shared one. What it reads from the package must be in the package's `files`.
   */
  async function checkPsql(command: ShellCommand): Promise<void> {
    for (const [, name, path] of command.text.matchAll(/node_modules\/(@[\w-]+\/[\w-]+)\/(\S+)/g)) {
      const manifest = JSON.parse(readFileSync(join(repoRoot, 'node_modules', name!, 'package.json'), 'utf8')) as { files?: string[] };
      expect(manifest.files, `${where(command)}: ${name} ships ${path}`).toContain(path!.split('/')[0]);
    }
    const database = await createTestDatabase('saga_docs_psql');
    const db = new pg.Client({ connectionString: database.url });
    try {
      const { stderr } = await run('bash', ['-c', command.text], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: database.url } });
      expect(stderr, `${where(command)}: no SQL error`).not.toMatch(/ERROR/);
      const schema = /fence_schema=(\w+)/.exec(command.text)?.[1];
      await db.connect();
      const { rows } = await db.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [`${schema}.saga_fence`]);
      expect(rows[0]?.t, `${where(command)}: ${schema}.saga_fence exists`).toBe(`${schema}.saga_fence`);
    } finally {
      await db.end().catch(() => undefined);
      await database.drop();
    }
  }

  it('runs or checks every documented command, in document order', async () => {
    expect(commands.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const command of commands) {
      try {
        await check(command);
      } catch (error) {
        failures.push(`${where(command)}\n  ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 300_000);
});
