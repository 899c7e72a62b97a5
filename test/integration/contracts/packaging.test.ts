import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { AppConfigSchema } from '../../../src/config/app-config.schema.js';
import { readExampleEnvironment } from '../../../examples/order/src/example-environment.util.js';
import { configDefaults, EnvExamplePath, parseEnvFile, RegenerateEnvExampleCommand, renderEnvExample } from './env-example.util.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

type Json = Record<string, any>;

if (process.env['UPDATE_ENV_EXAMPLE'] === '1') writeFileSync(EnvExamplePath, renderEnvExample());
const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const configKeys = Object.keys(AppConfigSchema.shape);

/** `node dist/…/main.js` (coordinator) and `node examples/…/dist/…/main.js` (participants) entry points the npm start scripts run. */
function nodeEntryPoints(script: string): string[] {
  return [...script.matchAll(/node ((?:examples\/[\w-]+\/)?dist\/[\w/.-]+\.js)/g)].map((match) => match[1] as string);
}

describe('.env.example', () => {
  const committed = read('.env.example');

  it('is exactly what the config schema generates', () => {
    expect(committed, `.env.example is stale: run ${RegenerateEnvExampleCommand}`).toBe(renderEnvExample());
  });

  it('lists every variable the coordinator reads with its default', () => {
    expect(parseEnvFile(committed)).toEqual(configDefaults());
    expect(parseEnvFile(committed)).toMatchObject({
      DATABASE_URL: 'postgres://postgres:postgres@localhost:5432/saga',
      RABBITMQ_URL: 'amqp://guest:guest@localhost:5672',
      PORT: '3000',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      HTTP_BODY_LIMIT: '256kb',
    });
  });

  it('holds defaults the config schema accepts', () => {
    expect(() => AppConfigSchema.parse(parseEnvFile(committed))).not.toThrow();
  });

  it('explains every variable', () => {
    expect(committed).not.toContain('Undocumented');
  });
});

describe('docker-compose.yml', () => {
  const parsed = parseDocument(read('docker-compose.yml'), { merge: true });
  const compose = parsed.toJS() as Json;
  const services = compose['services'] as Record<string, Json>;

  it('is valid YAML', () => {
    expect(parsed.errors.map((e) => e.message)).toEqual([]);
    expect(parsed.warnings.map((w) => w.message)).toEqual([]);
  });

  it('runs PostgreSQL 16, RabbitMQ 3.13 with management, the coordinator and three participants', () => {
    expect(Object.keys(services).sort()).toEqual(['coordinator', 'inventory', 'payment', 'postgres', 'rabbitmq', 'shipping']);
    expect(services['postgres']?.['image']).toMatch(/^postgres:16\b/);
    expect(services['rabbitmq']?.['image']).toMatch(/^rabbitmq:3\.13-management\b/);
  });

  it('health-checks the infrastructure and the coordinator', () => {
    for (const name of ['postgres', 'rabbitmq', 'coordinator']) {
      expect(services[name]?.['healthcheck']?.['test'], name).toEqual(expect.any(Array));
    }
    expect(services['coordinator']?.['healthcheck']?.['test'].join(' ')).toContain('/health/ready');
  });

  it('starts each application only once what it needs is healthy', () => {
    for (const name of ['coordinator', 'inventory', 'payment', 'shipping']) {
      const dependsOn = services[name]?.['depends_on'] as Record<string, { condition: string }>;
      expect(dependsOn['postgres']?.condition, name).toBe('service_healthy');
      expect(dependsOn['rabbitmq']?.condition, name).toBe('service_healthy');
    }
    for (const name of ['inventory', 'payment', 'shipping']) {
      expect(services[name]?.['depends_on']?.['coordinator']?.condition, name).toBe('service_healthy');
    }
  });

  it('runs the same entry points as npm start', () => {
    const composeEntries = ['coordinator', 'inventory', 'payment', 'shipping'].map((name) => services[name]?.['command']?.[1]);
    expect(composeEntries.sort()).toEqual(nodeEntryPoints(packageJson.scripts['start'] ?? '').sort());
  });

  it('registers the example order saga from the file npm start passes, which exists', () => {
    const started = /INITIAL_DEFINITIONS_FILE=([\w/.-]+) node dist\/src\/main\.js/.exec(packageJson.scripts['start'] ?? '')?.[1];
    expect(started).toBe('examples/order/order.definition.json');
    expect(services['coordinator']?.['environment']?.['INITIAL_DEFINITIONS_FILE']).toBe(started);
    expect(existsSync(`${root}${started}`)).toBe(true);
  });

  it('builds every application from the Dockerfile and points it at the compose services', () => {
    for (const name of ['coordinator', 'inventory', 'payment', 'shipping']) {
      const service = services[name] as Json;
      expect(service['build']?.['context'], name).toBe('.');
      expect(service['environment']?.['DATABASE_URL'], name).toMatch(/^postgres:\/\/.*@postgres:5432\/saga$/);
      expect(service['environment']?.['RABBITMQ_URL'], name).toMatch(/^amqp:\/\/.*@rabbitmq:5672$/);
    }
  });

  it('lets the default DATABASE_URL (coordinator and participants) log in to its PostgreSQL', () => {
    // `${VAR:-default}` as compose reads it with VAR unset.
    const unset = (value: string) => value.replace(/\$\{\w+:-([^}]*)\}/g, '$1');
    const postgres = services['postgres']?.['environment'] as Record<string, string>;
    const server = {
      user: unset(postgres['POSTGRES_USER']!),
      password: unset(postgres['POSTGRES_PASSWORD']!),
      database: unset(postgres['POSTGRES_DB']!),
    };
    const login = (url: string) => {
      const parsed = new URL(url);
      return { user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password), database: parsed.pathname.slice(1) };
    };
    expect(login(configDefaults()['DATABASE_URL']!)).toEqual(server);
    expect(login(readExampleEnvironment({}).databaseUrl)).toEqual(server);
    expect(login(unset(services['coordinator']?.['environment']?.['DATABASE_URL']))).toEqual(server);
  });

  it('sets only variables the config schema knows', () => {
    for (const name of ['coordinator', 'inventory', 'payment', 'shipping']) {
      const unknown = Object.keys(services[name]?.['environment'] ?? {}).filter((key) => !configKeys.includes(key));
      expect(unknown, name).toEqual([]);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => /^[A-Z]+\s/.test(line));
  const runtimeStage = instructions.slice(instructions.findLastIndex((line) => line.startsWith('FROM ')));

  it('builds in one stage and runs from a fresh stage of a supported Node LTS line the engines allow', () => {
    expect(instructions.filter((line) => line.startsWith('FROM '))).toEqual(['FROM ${NODE_IMAGE} AS build', 'FROM ${NODE_IMAGE} AS runtime']);
    // Node 20 reached its end of life in April 2026; 22 and 24 are LTS lines.
    const major = Number(/^ARG NODE_IMAGE=node:(\d+)-(slim|alpine)$/m.exec(dockerfile)?.[1]);
    expect([22, 24]).toContain(major);
    const engines = JSON.parse(read('package.json')).engines.node as string;
    expect(Number(/^>=(\d+)/.exec(engines)?.[1])).toBeLessThanOrEqual(major);
  });

  it("copies every npm workspace's manifest before npm ci, so the install sees the workspaces the lock file names", () => {
    const workspaces = (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces;
    const beforeInstall = instructions.slice(
      0,
      instructions.findIndex((line) => /^RUN .*npm ci\b/.test(line)),
    );
    for (const workspace of workspaces) expect(beforeInstall, workspace).toContain(`COPY ${workspace}/package.json ./${workspace}/`);
  });

  it('installs from the lock file, builds, and prunes devDependencies', () => {
    const run = instructions.filter((line) => line.startsWith('RUN ')).join('\n');
    expect(run).toMatch(/npm ci\b/);
    expect(run).toMatch(/npm run build\b/);
    expect(run).toMatch(/npm prune --omit=dev\b/);
  });

  it('runs as a non-root user', () => {
    const user = runtimeStage.filter((line) => line.startsWith('USER '));
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/USER (root|0)\b/);
    expect(runtimeStage.findIndex((line) => line.startsWith('USER '))).toBeLessThan(runtimeStage.findIndex((line) => line.startsWith('CMD ')));
  });

  it('starts the entry point that nest build produces, with node as PID 1', () => {
    expect(runtimeStage.at(-1)).toBe('CMD ["node", "dist/src/main.js"]');
    expect(nodeEntryPoints(packageJson.scripts['start:coordinator'] ?? '')).toEqual(['dist/src/main.js']);
  });

  it('copies only files the build context keeps', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim());
    for (const copied of [
      'src',
      'migrations',
      'packages',
      'examples',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'tsconfig.packages.json',
      'nest-cli.json',
    ]) {
      expect(ignored, copied).not.toContain(copied);
      expect(existsSync(`${root}${copied}`), copied).toBe(true);
    }
    for (const excluded of ['node_modules', 'dist', '**/node_modules', '**/dist', '.git', '.env']) expect(ignored).toContain(excluded);
  });
});

describe('LICENSE', () => {
  const license = read('LICENSE');
  const manifests = [
    'package.json',
    'packages/contracts/package.json',
    'packages/participant/package.json',
    'packages/client/package.json',
    'examples/order/package.json',
  ];

  it('is the MIT licence of the saga-coordinator authors, as every manifest says', () => {
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 saga-coordinator authors\n/);
    for (const manifest of manifests) expect(JSON.parse(read(manifest)).license, manifest).toBe('MIT');
  });

  it('ships in each published package, identical to the root one', () => {
    for (const folder of ['packages/contracts', 'packages/participant', 'packages/conformance', 'packages/client']) {
      expect(JSON.parse(read(`${folder}/package.json`)).files, folder).toContain('LICENSE');
      expect(read(`${folder}/LICENSE`), folder).toBe(license);
    }
  });
});
