import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const depcruise = join(root, 'node_modules/.bin/depcruise');

/**
 * A miniature repository (service, packages, an example, test support) with imports that each
 * rule of .dependency-cruiser.cjs must catch (among them every violation issue 17 found: api →
 * saga-engine, config → tracing, the service → the example saga, SQL in metrics, health →
 * messaging, process.env outside config), and imports the architecture allows, which must not
 * fire. Cruised with the real config, the real manifests, tsconfig.json and node_modules;
 * `npm run lint:deps` runs on it too.
 */
const fixture: Record<string, string> = {
  // The packages: contracts standalone (zod only), the SDK on contracts and its declared peers.
  'packages/contracts/src/index.ts': `export { Topology } from './topology.js';\nexport { Step } from './step.message.js';\n`,
  'packages/contracts/src/topology.ts': `export const Topology = { exchange: 'saga.commands' };\n`,
  'packages/contracts/src/step.message.ts': `import { z } from 'zod';\nexport const Step = z.object({ name: z.string() });\n`,
  'packages/contracts/src/leaky.message.ts': [
    `import { Service } from '../../../src/orchestration/sagas/saga.service.js';`,
    `import { v4 } from 'uuid';`,
    `export const leaky = [Service, v4];`,
  ].join('\n'),
  'packages/contracts/src/step.message.spec.ts': [
    `import { describe } from 'vitest';`,
    `import { Step } from './step.message.js';`,
    `describe('Step', () => void Step);`,
  ].join('\n'),
  'packages/participant/src/index.ts': `export { createParticipant } from './core/create-participant.js';\n`,
  'packages/participant/src/core/create-participant.ts': [
    `import { Topology } from '@saga-coordinator/contracts';`,
    `import amqp from 'amqplib';`,
    `import type pg from 'pg';`,
    `import { context } from '@opentelemetry/api';`,
    // typeorm and knex are optional peers of the SDK (its ./typeorm and ./knex adapters); Swagger is nothing of it.
    `import { DataSource } from 'typeorm';`,
    `import { ApiProperty } from '@nestjs/swagger';`,
    `import { Service } from '../../../../src/orchestration/sagas/saga.service.js';`,
    `export type Pool = pg.Pool;`,
    `export const createParticipant = () => [Topology, amqp, context, DataSource, ApiProperty, Service];`,
  ].join('\n'),
  'packages/participant/src/core/sneaky.ts': `import { Topology } from '../../../contracts/src/topology.js';\nexport const sneaky = Topology;\n`,
  'packages/participant/src/core/create-participant.spec.ts': [
    `import { fc } from '@fast-check/vitest';`,
    `import { it } from 'vitest';`,
    `import { createParticipant } from './create-participant.js';`,
    `it('creates', () => void [fc, createParticipant]);`,
  ].join('\n'),
  'packages/participant/src/nest/index.ts': [
    `import { Module } from '@nestjs/common';`,
    `import { DiscoveryModule } from '@nestjs/core';`,
    `import { createParticipant } from '../core/create-participant.js';`,
    `export const nest = [Module, DiscoveryModule, createParticipant];`,
  ].join('\n'),
  'examples/order/src/payment.participant.ts': [
    `import { createParticipant } from '@saga-coordinator/participant';`,
    `import { Topology } from '@saga-coordinator/contracts';`,
    `import { z } from 'zod';`,
    `export const payment = [createParticipant(), Topology, z];`,
  ].join('\n'),
  'examples/order/src/sneaky.participant.ts': [
    `import { createParticipant } from '../../../packages/participant/src/core/create-participant.js';`,
    `import { decide } from '../../../src/saga-engine/decide.js';`,
    `export const sneaky = [createParticipant, decide];`,
  ].join('\n'),
  // saga-engine: pure, contracts only.
  'src/saga-engine/decide.ts': [
    `import { z } from 'zod';`,
    `import { Topology } from '@saga-coordinator/contracts';`,
    `export const SagaStatuses = { RUNNING: 'RUNNING' } as const;`,
    `export const decide = () => [z, Topology];`,
  ].join('\n'),
  'src/saga-engine/leaky-engine.ts': [
    `import type { Repository } from 'typeorm';`,
    `import { Injectable } from '@nestjs/common';`,
    `import amqp from 'amqplib';`,
    `import pg from 'pg';`,
    `import { readFileSync } from 'node:fs';`,
    `import { Service } from '../orchestration/sagas/saga.service.js';`,
    `export type Leak = Repository<object>;`,
    `export const leaky = [Injectable, amqp, pg, readFileSync, Service];`,
  ].join('\n'),
  // config: a leaf; the logger's trace fields must not come from tracing (issue 17).
  'src/config/app-config.ts': `export const env = process.env.PORT;\nexport class AppConfig {}\n`,
  'src/config/logger-params.ts': [
    `import { traceLogFields } from '../observability/tracing/trace-log-fields.mapper.js';`,
    `export const loggerParams = () => ({ mixin: traceLogFields });`,
  ].join('\n'),
  // fault-injection: config only.
  'src/fault-injection/crash-point.ts': [
    `import { AppConfig } from '../config/app-config.js';`,
    `import { guard } from '../api/body-guard.js';`,
    `export const crashPoint = () => [AppConfig, guard];`,
  ].join('\n'),
  // observability: no adapters, no SQL (issue 17: health → messaging, metrics running raw SQL).
  'src/observability/tracing/trace-log-fields.mapper.ts': `export const traceLogFields = () => ({});\n`,
  'src/observability/metrics/saga-metrics.port.ts': [
    `import { SagaStatuses } from '../../saga-engine/decide.js';`,
    `export abstract class SagaMetrics { statuses = SagaStatuses; }`,
  ].join('\n'),
  'src/observability/metrics/in-flight-sagas.repository.ts': [
    `import { DataSource } from 'typeorm';`,
    `export const count = (data: DataSource) => data.query('SELECT count(*) FROM saga');`,
  ].join('\n'),
  'src/observability/health/health.module.ts': [
    `import { Consumer } from '../../messaging/reply.consumer.js';`,
    `export const HealthModule = Consumer;`,
  ].join('\n'),
  // runtime: below orchestration; reports to observability.
  'src/runtime/saga-runtime.service.ts': [
    `import { decide } from '../saga-engine/decide.js';`,
    `import { SagaMetrics } from '../observability/metrics/saga-metrics.port.js';`,
    `import { crashPoint } from '../fault-injection/crash-point.js';`,
    `export const SagaRuntime = [decide, SagaMetrics, crashPoint];`,
  ].join('\n'),
  'src/runtime/leaky-runtime.ts': [
    `import { Service } from '../orchestration/sagas/saga.service.js';`,
    `export const reads = [Service, process.env.SAGA_FLAG];`,
  ].join('\n'),
  // orchestration: the runtime and ports, never adapters.
  'src/orchestration/sagas/saga.service.ts': [
    `import { SagaRuntime } from '../../runtime/saga-runtime.service.js';`,
    `import { Store } from '../../persistence/saga.repository.js';`,
    `export const Service = [SagaRuntime, Store];`,
  ].join('\n'),
  'src/orchestration/views/vocabulary.ts': `export { SagaStatuses } from '../../saga-engine/decide.js';\n`,
  'src/orchestration/cycle-a.ts': `import { b } from './cycle-b.js';\nexport const a = () => b;\n`,
  'src/orchestration/cycle-b.ts': `import { a } from './cycle-a.js';\nexport const b = () => a;\n`,
  // persistence: implements the ports; not messaging.
  'src/persistence/saga.repository.ts': [
    `import { DataSource } from 'typeorm';`,
    `import { SagaRuntime } from '../runtime/saga-runtime.service.js';`,
    `import { Consumer } from '../messaging/reply.consumer.js';`,
    `export const Store = [DataSource, SagaRuntime, Consumer];`,
  ].join('\n'),
  // messaging: drives the runtime; not the API.
  'src/messaging/reply.consumer.ts': [
    `import amqp from 'amqplib';`,
    `import { SagaRuntime } from '../runtime/saga-runtime.service.js';`,
    `export const Consumer = [amqp, SagaRuntime];`,
  ].join('\n'),
  'src/messaging/leaky.consumer.ts': `import { controller } from '../api/sagas/sagas.controller.js';\nexport const leaky = controller;\n`,
  // api: orchestration only (issue 17: api/sagas/saga.schemas.ts imported the engine).
  'src/api/sagas/sagas.controller.ts': [
    `import { Controller } from '@nestjs/common';`,
    `import { Service } from '../../orchestration/sagas/saga.service.js';`,
    `import { SagaStatuses } from '../../orchestration/views/vocabulary.js';`,
    `import { Store } from '../../persistence/saga.repository.js';`,
    `import { Consumer } from '../../messaging/reply.consumer.js';`,
    `import { SagaRuntime } from '../../runtime/saga-runtime.service.js';`,
    `import pg from 'pg';`,
    `export const controller = [Controller, Service, SagaStatuses, Store, Consumer, SagaRuntime, pg];`,
  ].join('\n'),
  'src/api/sagas/saga.schemas.ts': `import { SagaStatuses } from '../../saga-engine/decide.js';\nexport const schema = SagaStatuses;\n`,
  'src/api/testing/json.arbitrary.ts': `import fc from 'fast-check';\nexport const json = fc.jsonValue();\n`,
  'src/api/sagas/sagas.controller.spec.ts': [
    `import { it } from 'vitest';`,
    `import { json } from '../testing/json.arbitrary.js';`,
    `it('uses the helper', () => void json);`,
  ].join('\n'),
  'src/api/body-guard.ts': `import { json } from './testing/json.arbitrary.js';\nexport const guard = json;\n`,
  // ui, cli: their own small worlds.
  'src/ui/serve-dashboard.ts': `import { controller } from '../api/sagas/sagas.controller.js';\nexport const serve = controller;\n`,
  'src/cli/keys.main.ts': [
    `import { Service } from '../orchestration/sagas/saga.service.js';`,
    `import { Consumer } from '../messaging/reply.consumer.js';`,
    `export const cli = [Service, Consumer];`,
  ].join('\n'),
  // A folder nobody named, with and without imports.
  'src/helpers/format.ts': `import { decide } from '../saga-engine/decide.js';\nexport const format = () => decide;\n`,
  'src/misc/alone.ts': `export const alone = 1;\n`,
  // The composition root sees everything but the SDK and the examples (issue 17: it imported the order saga).
  'src/main.ts': [
    `import type { Arbitrary } from 'fast-check';`,
    `import fc from 'fast-check';`,
    `import yaml from 'js-yaml';`,
    `import { createParticipant } from '@saga-coordinator/participant';`,
    `import { payment } from '../examples/order/src/payment.participant.js';`,
    `import { Store } from './persistence/saga.repository.js';`,
    `import { helper } from '../test/support/helper.js';`,
    `import { missing } from './missing.js';`,
    `export type A = Arbitrary<number>;`,
    `export const main = [fc, yaml, createParticipant, payment, Store, helper, missing];`,
  ].join('\n'),
  'test/support/helper.ts': `import { decide } from '../../src/saga-engine/decide.js';\nexport const helper = decide;\n`,
};

/** The workspaces' manifests: each workspace is judged against its own package.json. */
const manifests = ['package.json', 'packages/contracts/package.json', 'packages/participant/package.json', 'examples/order/package.json'];

interface Violation {
  rule: string;
  from: string;
  to: string;
}

let workspace: string;
let violations: Violation[];

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'depcruise-rules-'));
  for (const [path, source] of Object.entries(fixture)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), source);
  }
  for (const file of [...manifests, 'tsconfig.json', '.dependency-cruiser.cjs', 'architecture.config.cjs', 'scripts/check-env-reads.mjs']) {
    mkdirSync(dirname(join(workspace, file)), { recursive: true });
    copyFileSync(join(root, file), join(workspace, file));
  }
  symlinkSync(join(root, 'node_modules'), join(workspace, 'node_modules'), 'dir');

  const { stdout } = await promisify(execFile)(
    depcruise,
    ['src', 'packages', 'examples', 'test', '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'json'],
    { cwd: workspace, maxBuffer: 64 * 1024 * 1024 },
  ).catch((error: Error & { stdout?: string; stderr?: string }) => {
    // depcruise exits non-zero when rules fire; no JSON at all means the cruise itself failed.
    if (!error.stdout) throw new Error(`depcruise failed: ${error.stderr ?? String(error)}`);
    return { stdout: error.stdout };
  });
  const result = JSON.parse(stdout) as { summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> } };
  violations = result.summary.violations.map(({ rule, from, to }) => ({
    rule: rule.name,
    from,
    // Resolved npm paths are absolute or relative to the real node_modules: keep the package part.
    to: to.replace(/^.*node_modules\//, 'node_modules/'),
  }));
}, 60_000);

afterAll(() => rmSync(workspace, { recursive: true, force: true }));

function firedBy(rule: string): string[] {
  return violations
    .filter((v) => v.rule === rule)
    .map((v) => `${v.from} → ${v.to}`)
    .sort();
}

describe('.dependency-cruiser.cjs', () => {
  describe('the boundary of every src/ folder (from architecture.config.cjs)', () => {
    it('keeps config a leaf: the logger does not import tracing', () => {
      expect(firedBy('config-boundary')).toEqual(['src/config/logger-params.ts → src/observability/tracing/trace-log-fields.mapper.ts']);
    });

    it('lets the api reach orchestration only: not the engine, the runtime, persistence or messaging', () => {
      expect(firedBy('api-boundary')).toEqual([
        'src/api/sagas/saga.schemas.ts → src/saga-engine/decide.ts',
        'src/api/sagas/sagas.controller.ts → src/messaging/reply.consumer.ts',
        'src/api/sagas/sagas.controller.ts → src/persistence/saga.repository.ts',
        'src/api/sagas/sagas.controller.ts → src/runtime/saga-runtime.service.ts',
      ]);
    });

    it('keeps observability off the adapters: health does not import messaging', () => {
      expect(firedBy('observability-boundary')).toEqual(['src/observability/health/health.module.ts → src/messaging/reply.consumer.ts']);
    });

    it('keeps the runtime under the application services', () => {
      expect(firedBy('runtime-boundary')).toEqual(['src/runtime/leaky-runtime.ts → src/orchestration/sagas/saga.service.ts']);
    });

    it('keeps the application services off the adapters', () => {
      expect(firedBy('orchestration-boundary')).toEqual(['src/orchestration/sagas/saga.service.ts → src/persistence/saga.repository.ts']);
    });

    it('keeps each adapter off the others and off the api', () => {
      expect(firedBy('persistence-boundary')).toEqual(['src/persistence/saga.repository.ts → src/messaging/reply.consumer.ts']);
      expect(firedBy('messaging-boundary')).toEqual(['src/messaging/leaky.consumer.ts → src/api/sagas/sagas.controller.ts']);
    });

    it('keeps the engine pure', () => {
      expect(firedBy('saga-engine-boundary')).toEqual(['src/saga-engine/leaky-engine.ts → src/orchestration/sagas/saga.service.ts']);
    });

    it('keeps fault injection, the dashboard and the CLI to their few neighbours', () => {
      expect(firedBy('fault-injection-boundary')).toEqual(['src/fault-injection/crash-point.ts → src/api/body-guard.ts']);
      expect(firedBy('ui-boundary')).toEqual(['src/ui/serve-dashboard.ts → src/api/sagas/sagas.controller.ts']);
      expect(firedBy('cli-boundary')).toEqual(['src/cli/keys.main.ts → src/messaging/reply.consumer.ts']);
    });

    it('fails a folder nobody named, with or without imports', () => {
      expect(firedBy('src-folders-are-known')).toEqual([
        'src/helpers/format.ts → src/saga-engine/decide.ts',
        'src/misc/alone.ts → src/misc/alone.ts',
      ]);
    });
  });

  it('keeps SQL clients in persistence: the metrics read the store through a port', () => {
    expect(firedBy('sql-only-in-persistence').map((line) => line.replace(/ → node_modules\/(typeorm|pg)\/.*$/, ' → $1'))).toEqual([
      'src/api/sagas/sagas.controller.ts → pg',
      'src/observability/metrics/in-flight-sagas.repository.ts → typeorm',
      'src/saga-engine/leaky-engine.ts → pg',
      'src/saga-engine/leaky-engine.ts → typeorm',
    ]);
  });

  it('keeps NestJS, TypeORM, pg and amqplib out of the saga engine, type-only imports included', () => {
    const targets = firedBy('saga-engine-no-infrastructure').join('\n');
    for (const pkg of ['typeorm', '@nestjs/common', 'amqplib', 'pg']) {
      expect(targets).toMatch(new RegExp(`leaky-engine\\.ts → node_modules/${pkg}/`));
    }
    expect(targets).not.toMatch(/decide\.ts/);
  });

  it('keeps I/O built-ins out of the saga engine', () => {
    expect(firedBy('saga-engine-no-io-builtins')).toEqual(['src/saga-engine/leaky-engine.ts → fs']);
  });

  it('keeps the database and broker clients out of the api', () => {
    const fired = firedBy('api-no-infrastructure-clients');
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatch(/^src\/api\/sagas\/sagas\.controller\.ts → node_modules\/pg\//);
  });

  it('lets a package import only the contracts from this repository', () => {
    expect(firedBy('packages-only-contracts')).toEqual([
      'packages/contracts/src/leaky.message.ts → src/orchestration/sagas/saga.service.ts',
      'packages/participant/src/core/create-participant.ts → src/orchestration/sagas/saga.service.ts',
    ]);
  });

  it('makes a package reach another one by name, never by a path into its folder', () => {
    expect(firedBy('packages-by-name-only')).toEqual(['packages/participant/src/core/sneaky.ts → packages/contracts/src/topology.ts']);
  });

  it('keeps the participant SDK and the examples out of the service', () => {
    expect(firedBy('service-without-sdk-and-examples')).toEqual([
      'src/main.ts → examples/order/src/payment.participant.ts',
      'src/main.ts → packages/participant/src/index.ts',
    ]);
  });

  it('lets the examples use the packages by name only', () => {
    expect(firedBy('examples-use-packages-by-name')).toEqual([
      'examples/order/src/sneaky.participant.ts → packages/participant/src/core/create-participant.ts',
      'examples/order/src/sneaky.participant.ts → src/saga-engine/decide.ts',
    ]);
  });

  it('keeps the contracts free of the rest of the repository and of packages other than zod', () => {
    expect(firedBy('contracts-standalone')).toEqual(['packages/contracts/src/leaky.message.ts → src/orchestration/sagas/saga.service.ts']);
    const packages = firedBy('contracts-only-zod');
    expect(packages).toHaveLength(1);
    expect(packages[0]).toMatch(/^packages\/contracts\/src\/leaky\.message\.ts → node_modules\/uuid\//);
  });

  it('lets nothing outside test/ import test/', () => {
    expect(firedBy('nothing-imports-test')).toEqual(['src/main.ts → test/support/helper.ts']);
  });

  it('reports circular imports', () => {
    // A cycle is reported once, on the edge where the cruise first closes it.
    const fired = firedBy('no-circular');
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatch(/^src\/orchestration\/cycle-[ab]\.ts → src\/orchestration\/cycle-[ab]\.ts$/);
  });

  it('reports imports that do not resolve', () => {
    expect(firedBy('not-to-unresolvable')).toEqual(['src/main.ts → ./missing.js']);
  });

  it('reports packages missing from the package.json of their workspace, peers counting as declared', () => {
    const fired = firedBy('no-non-package-json');
    expect(fired).toHaveLength(3);
    expect(fired[0]).toMatch(/^packages\/contracts\/src\/leaky\.message\.ts → node_modules\/uuid\//);
    expect(fired[1]).toMatch(/^packages\/participant\/src\/core\/create-participant\.ts → node_modules\/@nestjs\/swagger\//);
    expect(fired[2]).toMatch(/^src\/main\.ts → node_modules\/js-yaml\//);
  });

  it('refuses devDependencies at run time but allows them in specs and type-only imports', () => {
    const fired = firedBy('not-to-dev-dep');
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatch(/^src\/main\.ts → node_modules\/fast-check\//);
  });

  it('keeps testing/ helpers away from code that runs in production', () => {
    expect(firedBy('no-test-helpers-at-run-time')).toEqual(['src/api/body-guard.ts → src/api/testing/json.arbitrary.ts']);
  });

  it('fires no rule that the fixture did not provoke, and none on the imports the architecture allows', () => {
    const provoked = new Set(violations.map((v) => `${v.rule} ${v.from} → ${v.to}`));
    const allowed = [
      'src/runtime/saga-runtime.service.ts → src/observability/metrics/saga-metrics.port.ts',
      'src/runtime/saga-runtime.service.ts → src/fault-injection/crash-point.ts',
      'src/orchestration/sagas/saga.service.ts → src/runtime/saga-runtime.service.ts',
      'src/orchestration/views/vocabulary.ts → src/saga-engine/decide.ts',
      'src/api/sagas/sagas.controller.ts → src/orchestration/views/vocabulary.ts',
      'src/persistence/saga.repository.ts → src/runtime/saga-runtime.service.ts',
      'src/messaging/reply.consumer.ts → src/runtime/saga-runtime.service.ts',
      'src/observability/metrics/saga-metrics.port.ts → src/saga-engine/decide.ts',
      'examples/order/src/payment.participant.ts → packages/participant/src/index.ts',
      'packages/participant/src/nest/index.ts → packages/participant/src/core/create-participant.ts',
      'test/support/helper.ts → src/saga-engine/decide.ts',
      'src/main.ts → src/persistence/saga.repository.ts',
    ];
    for (const edge of allowed)
      expect(
        [...provoked].filter((line) => line.endsWith(edge)),
        edge,
      ).toEqual([]);
    const rules = new Set(violations.map((v) => v.rule));
    expect([...rules].sort()).toEqual(
      [
        'api-boundary',
        'api-no-infrastructure-clients',
        'cli-boundary',
        'config-boundary',
        'contracts-only-zod',
        'contracts-standalone',
        'examples-use-packages-by-name',
        'fault-injection-boundary',
        'messaging-boundary',
        'no-circular',
        'no-non-package-json',
        'no-test-helpers-at-run-time',
        'not-to-dev-dep',
        'not-to-unresolvable',
        'nothing-imports-test',
        'observability-boundary',
        'orchestration-boundary',
        'packages-by-name-only',
        'packages-only-contracts',
        'persistence-boundary',
        'runtime-boundary',
        'saga-engine-boundary',
        'saga-engine-no-infrastructure',
        'saga-engine-no-io-builtins',
        'service-without-sdk-and-examples',
        'sql-only-in-persistence',
        'src-folders-are-known',
        'ui-boundary',
      ].sort(),
    );
  });
});

describe('npm run lint:deps', () => {
  it('fails on the fixture, and names every process.env read outside src/config', async () => {
    const run = await promisify(execFile)('npm', ['run', '-s', 'lint:deps'], { cwd: workspace, maxBuffer: 64 * 1024 * 1024 }).then(
      () => ({ failed: false, output: '' }),
      (error: { stdout?: string; stderr?: string }) => ({ failed: true, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );
    expect(run.failed).toBe(true);
    // depcruise stops the script first; the environment check on its own:
    const env = await promisify(execFile)(process.execPath, [join(workspace, 'scripts/check-env-reads.mjs'), workspace]).then(
      () => ({ failed: false, output: '' }),
      (error: { stderr?: string }) => ({ failed: true, output: error.stderr ?? '' }),
    );
    expect(env.failed).toBe(true);
    expect(env.output).toContain('process-env-only-in-config: src/runtime/leaky-runtime.ts:2');
    expect(env.output).not.toContain('src/config/app-config.ts');
  });
});
