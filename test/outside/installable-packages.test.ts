import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SagaClient } from '../support/saga-client.js';
import { ServiceProcess, startCoordinator } from '../support/service-processes.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const fixtures = resolve(import.meta.dirname, 'fixtures');
/** The packages another team installs, packed as `npm pack` packs them for the registry. */
const PublishedPackages = ['packages/contracts', 'packages/participant', 'packages/conformance', 'packages/client'] as const;
/** The participant projects install the SDK packages; the client project only the client. */
const ParticipantPackages = ['@saga-coordinator/contracts', '@saga-coordinator/participant', '@saga-coordinator/conformance'] as const;

/**
 * The outside projects and what each user adds next to the packages, with the same ranges as
 * this repository so `--prefer-offline` finds them in the npm cache. The plain one brings only
 * the driver; the NestJS one brings Nest, TypeORM (its handlers write through it) and zod (its
 * command schemas). Each gets `src/shared` and its own folder of the fixtures.
 */
const Projects = {
  plain: { folders: ['plain', 'shared'], packages: ParticipantPackages, dependencies: { pg: '^8.23.1' } },
  nest: {
    folders: ['nest', 'shared'],
    packages: ParticipantPackages,
    dependencies: {
      '@nestjs/common': '^12.5.1',
      '@nestjs/core': '^12.5.1',
      pg: '^8.23.1',
      'reflect-metadata': '^0.2.2',
      rxjs: '^7.8.2',
      typeorm: '^1.1.1',
      zod: '^4.6.7',
    },
  },
  /** A service that starts sagas and waits for their result: the client and nothing else. */
  client: { folders: ['client'], packages: ['@saga-coordinator/client'], dependencies: {} },
} as const;
type ProjectName = keyof typeof Projects;
const UserDevDependencies = { typescript: '~6.0', '@types/node': '^20.19.43' } as const;

/** The saga both outside participants take part in, registered over REST as a user would. */
const OutsideDefinition = {
  name: 'outside-order',
  description: 'Two participants installed from the packed packages: stock (plain TypeScript) and delivery (NestJS).',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['orderId', 'amount'],
    properties: { orderId: { type: 'string', minLength: 1 }, amount: { type: 'number', minimum: 0 } },
  },
  steps: [
    { name: 'reserve-stock', participant: 'outside-stock', command: 'reserve-stock', compensation: 'release-stock' },
    { name: 'book-delivery', participant: 'outside-delivery', command: 'book-delivery', compensation: 'cancel-delivery' },
    { name: 'charge-card', participant: 'outside-stock', command: 'charge-card', compensation: 'refund-card' },
  ],
};

/** npm's own variables (set when this runs under `npm run`) would configure the child installs: leave them out. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
}

async function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(command, args, { cwd, env: cleanEnvironment(), maxBuffer: 64 * 1024 * 1024, timeout: 480_000 });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: error });
  }
}

/** Like `run`, for a command whose exit code is the answer: it resolves with the code instead of throwing. */
async function exitCodeOf(command: string, args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(command, args, { cwd, env: cleanEnvironment(), timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** Every installed copy of package `name` in a node_modules tree (its `package.json`, relative to the tree). */
function installedCopies(nodeModules: string, name: string): string[] {
  return readdirSync(nodeModules, { recursive: true, encoding: 'utf8' }).filter(
    (path) => path === `${name}/package.json` || path.endsWith(`/node_modules/${name}/package.json`),
  );
}

interface PackedFile {
  readonly path: string;
}

let packDir: string;
const projects: Partial<Record<ProjectName, string>> = {};
let infra: TestInfrastructure | undefined;
let coordinator: ServiceProcess | undefined;
let client: SagaClient;
let coordinatorUrl: string;
const participants: ServiceProcess[] = [];
const packedFiles: Record<string, string[]> = {};
const timings: Record<string, number> = {};
const started = performance.now();

/** Creates one outside project in a fresh temp folder: its sources, a manifest naming the tarballs, `npm install`, `tsc`. */
async function createProject(name: ProjectName, tarballs: Record<string, string>): Promise<string> {
  const project = mkdtempSync(join(tmpdir(), `saga-outside-${name}-`));
  projects[name] = project;
  for (const folder of Projects[name].folders) cpSync(join(fixtures, 'src', folder), join(project, 'src', folder), { recursive: true });
  cpSync(join(fixtures, 'tsconfig.json'), join(project, 'tsconfig.json'));
  const manifest = {
    name: `outside-${name}`,
    private: true,
    type: 'module',
    dependencies: {
      ...Object.fromEntries((Projects[name].packages as readonly string[]).map((pkg) => [pkg, `file:${tarballs[pkg]!}`])),
      ...Projects[name].dependencies,
    },
    devDependencies: UserDevDependencies,
  };
  writeFileSync(join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], project);
  await run(join(project, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], project);
  return project;
}

function startOutsideParticipant(name: string, project: string, entry: string): ServiceProcess {
  const child = spawn(process.execPath, [entry], {
    cwd: project,
    env: { ...cleanEnvironment(), DATABASE_URL: infra!.databaseUrl, RABBITMQ_URL: infra!.rabbitmqUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const service = new ServiceProcess(name, child);
  participants.push(service);
  return service;
}

/**
 * The acceptance test of the packages: what `npm pack` produces installs into a fresh project
 * outside this repository (no workspace, no hoisting from here), compiles there with a strict
 * `tsc` (nodenext, library checks on), and the two participants it builds, one on the plain
 * API and one on the NestJS module, take part in sagas run by a coordinator built from this
 * repository, compensation included.
 */
describe('the packed packages, installed in a project outside the repository', () => {
  beforeAll(async () => {
    packDir = mkdtempSync(join(tmpdir(), 'saga-packs-'));
    const tarballs: Record<string, string> = {};
    for (const folder of PublishedPackages) {
      const [packed] = JSON.parse(await run('npm', ['pack', '--json', '--pack-destination', packDir], join(repoRoot, folder))) as Array<{
        name: string;
        filename: string;
        files: PackedFile[];
      }>;
      tarballs[packed!.name] = join(packDir, packed!.filename);
      packedFiles[packed!.name] = packed!.files.map((file) => file.path).sort();
    }
    timings['pack'] = performance.now() - started;

    // One after the other: two installs at once would fight over the npm cache (and the CPU).
    const plain = await createProject('plain', tarballs);
    const nest = await createProject('nest', tarballs);
    await createProject('client', tarballs);
    timings['compile'] = performance.now() - started;

    infra = await createTestInfrastructure('saga_outside');
    const env = { DATABASE_URL: infra.databaseUrl, RABBITMQ_URL: infra.rabbitmqUrl };
    // No initial definitions: the saga is registered over REST below, as a user would.
    const running = await startCoordinator({ ...env, INITIAL_DEFINITIONS_FILE: '', TIMER_POLL_INTERVAL_MS: '200' }, 'coordinator');
    coordinator = running.process;
    client = new SagaClient(running.baseUrl);
    coordinatorUrl = running.baseUrl;
    const outside = [
      startOutsideParticipant('outside-stock', plain, 'dist/plain/main.js'),
      startOutsideParticipant('outside-delivery', nest, 'dist/nest/main.js'),
    ];
    await eventually(
      async () => {
        for (const service of outside) if (!service.running) throw new Error(`${service.name} exited:\n${service.log}`);
        const { body } = await client.json('/v1/participants');
        const names = Array.isArray(body) ? (body as Array<{ name: string }>).map((p) => p.name).sort() : [];
        return names.includes('outside-delivery') && names.includes('outside-stock') ? true : undefined;
      },
      { timeoutMs: 60_000, what: 'the outside participants to announce themselves' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${outside.map((s) => `--- ${s.name}\n${s.log.slice(-3000)}`).join('\n')}`);
    });
    const registered = await fetch(`${running.baseUrl}/v1/definitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(OutsideDefinition),
    });
    expect(registered.status, await registered.clone().text()).toBe(201);
    timings['ready'] = performance.now() - started;
  }, 600_000);

  afterAll(async () => {
    await Promise.all([...participants, ...(coordinator ? [coordinator] : [])].map((service) => service.stop()));
    await infra?.dispose();
    const seconds = (ms: number | undefined) => (ms === undefined ? '?' : (ms / 1000).toFixed(1));
    const sizes: string[] = [];
    for (const [name, project] of Object.entries(projects)) {
      if (!existsSync(join(project, 'node_modules'))) continue;
      const kilobytes = (await run('du', ['-sk', 'node_modules'], project)).split('\t')[0];
      sizes.push(`${name} node_modules ${(Number(kilobytes) / 1024).toFixed(1)} MiB`);
    }
    console.log(
      `outside projects: ${sizes.join(', ')}; packed ${seconds(timings['pack'])} s, installed and compiled ${seconds(timings['compile'])} s, ` +
        `ready ${seconds(timings['ready'])} s, done ${seconds(performance.now() - started)} s`,
    );
    for (const dir of [...Object.values(projects), packDir]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('packs only the compiled JavaScript, its type declarations, the fence migration, the README, the LICENSE and the manifest', () => {
    for (const [name, files] of Object.entries(packedFiles)) {
      expect(
        files.filter((path) => !/^(dist\/.+\.(js|d\.ts|js\.map)|sql\/\d{3}_[a-z_]+\.sql|README\.md|LICENSE|package\.json)$/.test(path)),
        name,
      ).toEqual([]);
      expect(files, name).toContain('dist/index.d.ts');
      expect(files, name).toContain('README.md');
      expect(files, name).toContain('LICENSE');
    }
    for (const entry of ['dist/nest/index.d.ts', 'dist/typeorm/index.d.ts', 'dist/knex/index.d.ts', 'sql/001_fence.sql']) {
      expect(packedFiles['@saga-coordinator/participant']).toContain(entry);
    }
    for (const entry of ['dist/cli/main.js', 'dist/generated/openapi.d.ts']) expect(packedFiles['@saga-coordinator/client']).toContain(entry);
  });

  it('declares TypeORM, Knex and NestJS as optional peers of the SDK, so nobody gets them without asking', () => {
    const manifest = JSON.parse(readFileSync(join(projects.plain!, 'node_modules/@saga-coordinator/participant/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    for (const optional of ['typeorm', 'knex', '@nestjs/common', '@nestjs/core'])
      expect(manifest.peerDependenciesMeta[optional], optional).toEqual({ optional: true });
    expect(Object.keys(manifest.dependencies).filter((name) => /typeorm|knex|nestjs|swagger/.test(name))).toEqual([]);
  });

  it('installs the plain participant without TypeORM, Knex, NestJS or Swagger', () => {
    const nodeModules = join(projects.plain!, 'node_modules');
    for (const unwanted of ['typeorm', 'knex', '@nestjs/core', '@nestjs/common', '@nestjs/swagger', 'swagger-ui-dist']) {
      expect(installedCopies(nodeModules, unwanted), unwanted).toEqual([]);
    }
  });

  it('installs the NestJS participant with the one TypeORM it asked for, one copy of NestJS, no Swagger and no Knex', () => {
    const nodeModules = join(projects.nest!, 'node_modules');
    for (const unwanted of ['knex', '@nestjs/swagger', 'swagger-ui-dist']) expect(installedCopies(nodeModules, unwanted), unwanted).toEqual([]);
    expect(installedCopies(nodeModules, 'typeorm')).toEqual(['typeorm/package.json']);
    expect(installedCopies(nodeModules, '@nestjs/core')).toEqual(['@nestjs/core/package.json']);
    expect(installedCopies(nodeModules, '@nestjs/common')).toEqual(['@nestjs/common/package.json']);
  });

  it('completes a saga across the plain and the NestJS participant', async () => {
    const started = await client.start({ orderId: 'o-complete', amount: 40 }, { definition: OutsideDefinition.name });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const saga = await client.waitFor(started.body.id, ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED']);
    expect(saga.status).toBe('COMPLETED');
    expect(saga.steps.map((step: any) => [step.name, step.status, step.output])).toEqual([
      ['reserve-stock', 'SUCCEEDED', { reservationId: 'stock-o-complete' }],
      ['book-delivery', 'SUCCEEDED', { deliveryId: 'delivery-o-complete' }],
      ['charge-card', 'SUCCEEDED', { charged: 40 }],
    ]);
  });

  it('compensates both participants in reverse order when the card is declined', async () => {
    const started = await client.start({ orderId: 'o-declined', amount: 500 }, { definition: OutsideDefinition.name });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const saga = await client.waitFor(started.body.id, ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED']);
    expect(saga.status).toBe('COMPENSATED');
    expect(saga.steps.map((step: any) => [step.name, step.status])).toEqual([
      ['reserve-stock', 'COMPENSATED'],
      ['book-delivery', 'COMPENSATED'],
      ['charge-card', 'FAILED'],
    ]);
    expect(saga.steps[2].error).toMatchObject({ code: 'card-declined' });
    const compensated = (await client.events(saga.id)).filter((event) => event.type === 'CompensationSucceeded').map((event) => event.step);
    expect(compensated).toEqual(['book-delivery', 'reserve-stock']);
    // The NestJS participant's compensation wrote through TypeORM, in the transaction of its fence row.
    const database = new pg.Client({ connectionString: infra!.databaseUrl });
    await database.connect();
    try {
      const deliveries = await database.query('SELECT state FROM outside_delivery.deliveries WHERE saga_id = $1', [saga.id]);
      const fence = await database.query('SELECT kind, outcome FROM outside_delivery.saga_fence WHERE saga_id = $1 ORDER BY kind DESC', [saga.id]);
      expect(deliveries.rows).toEqual([{ state: 'CANCELLED' }]);
      expect(fence.rows).toEqual([
        { kind: 'execute', outcome: 'succeeded' },
        { kind: 'compensate', outcome: 'compensated' },
      ]);
    } finally {
      await database.end();
    }
  });

  /**
   * The conformance kit as another team runs it: `npx saga-conformance`, installed from its packed
   * tarball into the outside project, against the participant that project built. The coordinator
   * shares the vhost (it dead-letters the kit's replies, as replies for sagas it does not know).
   */
  it.each([
    ['plain', 'outside-stock', 'reserve-stock', 'release-stock'],
    ['nest', 'outside-delivery', 'book-delivery', 'cancel-delivery'],
  ] as const)("the %s project's participant passes the conformance kit (npx saga-conformance)", async (name, participant, command, compensation) => {
    const stdout = await run(
      'npx',
      [
        '--no-install',
        'saga-conformance',
        '--amqp-url',
        infra!.rabbitmqUrl,
        '--participant',
        participant,
        '--command',
        command,
        '--compensation',
        compensation,
        '--input',
        JSON.stringify({ orderId: 'o-{{sagaId}}', amount: 5 }),
        '--json',
      ],
      projects[name]!,
    );
    const report = JSON.parse(stdout) as { passed: boolean; results: Array<{ id: string; status: string; detail: string }> };
    expect(
      report.results.filter((result) => result.status !== 'pass'),
      JSON.stringify(report.results, null, 2),
    ).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.results.length).toBeGreaterThanOrEqual(14);
  });

  /**
   * The client as a service that starts sagas installs it: from its tarball alone, compiled by the
   * strict tsc above (the saga input typed), then run against the coordinator. Waiting sends
   * `Prefer: wait` and falls back to asking again where the server does not hold the request.
   */
  it.each([
    ['o-client-complete', 40, 'COMPLETED', ['reserve-stock:SUCCEEDED', 'book-delivery:SUCCEEDED', 'charge-card:SUCCEEDED']],
    ['o-client-declined', 500, 'COMPENSATED', ['reserve-stock:COMPENSATED', 'book-delivery:COMPENSATED', 'charge-card:FAILED']],
  ] as const)('the packed client starts order %s (amount %i) and waits for its result: %s', async (orderId, amount, status, steps) => {
    const stdout = await run(process.execPath, ['dist/client/start-order.js', coordinatorUrl, orderId, String(amount)], projects.client!);
    expect(JSON.parse(stdout)).toMatchObject({ status, steps });
  });

  it('installs the client with only its own runtime dependencies, and its tsc refuses an order input of the wrong type', async () => {
    const nodeModules = join(projects.client!, 'node_modules');
    for (const unwanted of ['@saga-coordinator/participant', 'amqplib', 'pg', '@nestjs/core', 'openapi-typescript', 'zod'])
      expect(installedCopies(nodeModules, unwanted), unwanted).toEqual([]);
    const wrong = join(projects.client!, 'src/client/wrong-input.ts');
    writeFileSync(
      wrong,
      [
        "import { createSagaClient } from '@saga-coordinator/client';",
        "import type { OutsideOrderInput } from './start-order.js';",
        "const client = createSagaClient<{ 'outside-order': OutsideOrderInput }>({ url: 'http://localhost:3000' });",
        "await client.start('outside-order', { orderId: 'o-1', amount: '40' });",
        '',
      ].join('\n'),
    );
    try {
      const compiled = await exitCodeOf(join(projects.client!, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--noEmit'], projects.client!);
      expect(compiled.code).not.toBe(0);
      expect(compiled.stdout).toMatch(/wrong-input\.ts\(4,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
    } finally {
      rmSync(wrong);
    }
  });

  it('the packed CLI (npx saga) starts an order and waits: exit 0 when it completes, 2 when it is compensated', async () => {
    const start = (orderId: string, amount: number) =>
      exitCodeOf(
        'npx',
        [
          '--no-install',
          'saga',
          '--url',
          coordinatorUrl,
          'sagas',
          'start',
          'outside-order',
          JSON.stringify({ orderId, amount }),
          '--wait',
          '--timeout',
          '60',
        ],
        projects.client!,
      );
    const completed = await start('o-cli-complete', 30);
    expect(completed.code, completed.stderr).toBe(0);
    expect(completed.stdout).toMatch(/^Status\s+COMPLETED$/m);
    const compensated = await start('o-cli-declined', 700);
    expect(compensated.code, compensated.stderr).toBe(2);
    expect(compensated.stdout).toMatch(/^Status\s+COMPENSATED$/m);
    const listed = await exitCodeOf(
      'npx',
      ['--no-install', 'saga', '--url', coordinatorUrl, '--json', 'sagas', 'list', '--definition', 'outside-order'],
      projects.client!,
    );
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(4);
  });
});
