import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SagaClient } from '../support/saga-client.js';
import { ServiceProcess, startCoordinator } from '../support/service-processes.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const fixtures = resolve(import.meta.dirname, 'fixtures');
/** The packages another team installs, packed as `npm pack` packs them for the registry. */
const PublishedPackages = ['packages/contracts', 'packages/participant'] as const;

/**
 * What a user adds next to the packages: the driver and, for the NestJS participant, Nest itself.
 * The same ranges as this repository, so `--prefer-offline` finds them in the npm cache.
 */
const UserDependencies = {
  '@nestjs/common': '^12.5.1',
  '@nestjs/core': '^12.5.1',
  pg: '^8.23.1',
  'reflect-metadata': '^0.2.2',
  rxjs: '^7.8.2',
} as const;
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
let project: string;
let infra: TestInfrastructure | undefined;
let coordinator: ServiceProcess | undefined;
let client: SagaClient;
const participants: ServiceProcess[] = [];
const packedFiles: Record<string, string[]> = {};
const timings: Record<string, number> = {};
const started = performance.now();

function startOutsideParticipant(name: string, entry: string): ServiceProcess {
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

    project = mkdtempSync(join(tmpdir(), 'saga-outside-'));
    cpSync(join(fixtures, 'src'), join(project, 'src'), { recursive: true });
    cpSync(join(fixtures, 'tsconfig.json'), join(project, 'tsconfig.json'));
    const manifest = {
      name: 'outside-participants',
      private: true,
      type: 'module',
      dependencies: { ...Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`])), ...UserDependencies },
      devDependencies: UserDevDependencies,
    };
    writeFileSync(join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], project);
    timings['install'] = performance.now() - started;
    await run(join(project, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], project);
    timings['compile'] = performance.now() - started;

    infra = await createTestInfrastructure('saga_outside');
    const env = { DATABASE_URL: infra.databaseUrl, RABBITMQ_URL: infra.rabbitmqUrl };
    // No initial definitions: the saga is registered over REST below, as a user would.
    const running = await startCoordinator({ ...env, INITIAL_DEFINITIONS_FILE: '', TIMER_POLL_INTERVAL_MS: '200' }, 'coordinator');
    coordinator = running.process;
    client = new SagaClient(running.baseUrl);
    const outside = [startOutsideParticipant('outside-stock', 'dist/plain/main.js'), startOutsideParticipant('outside-delivery', 'dist/nest/main.js')];
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
    if (project !== undefined && existsSync(join(project, 'node_modules'))) {
      const kilobytes = (await run('du', ['-sk', 'node_modules'], project)).split('\t')[0];
      const seconds = (ms: number | undefined) => (ms === undefined ? '?' : (ms / 1000).toFixed(1));
      console.log(
        `outside project: node_modules ${(Number(kilobytes) / 1024).toFixed(1)} MiB; packed ${seconds(timings['pack'])} s, installed ${seconds(timings['install'])} s, ` +
          `compiled ${seconds(timings['compile'])} s, ready ${seconds(timings['ready'])} s, done ${seconds(performance.now() - started)} s`,
      );
    }
    for (const dir of [project, packDir]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('packs only the compiled JavaScript, its type declarations, the README and the manifest', () => {
    for (const [name, files] of Object.entries(packedFiles)) {
      expect(files.filter((path) => !/^(dist\/.+\.(js|d\.ts|js\.map)|README\.md|package\.json)$/.test(path)), name).toEqual([]);
      expect(files, name).toContain('dist/index.d.ts');
      expect(files, name).toContain('README.md');
    }
    expect(packedFiles['@saga-coordinator/participant']).toContain('dist/nest/index.d.ts');
  });

  it('installs without TypeORM or Swagger, and with one copy of NestJS (a peer of the SDK)', () => {
    const nodeModules = join(project, 'node_modules');
    for (const unwanted of ['typeorm', '@nestjs/swagger', 'swagger-ui-dist']) expect(installedCopies(nodeModules, unwanted), unwanted).toEqual([]);
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
  });
});
