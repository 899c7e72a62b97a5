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
 * A miniature repository (service, packages, an example, test support) with one import per rule
 * of .dependency-cruiser.cjs that must fire, and imports the architecture allows that must not.
 * Cruised with the real config, the real manifests, tsconfig.json and node_modules.
 */
const fixture: Record<string, string> = {
  'packages/contracts/src/index.ts': `export { Topology } from './topology.js';\nexport { Step } from './step.message.js';\n`,
  'packages/contracts/src/topology.ts': `export const Topology = { exchange: 'saga.commands' };\n`,
  'packages/contracts/src/step.message.ts': `import { z } from 'zod';\nexport const Step = z.object({ name: z.string() });\n`,
  'packages/contracts/src/leaky.message.ts': [
    `import { Service } from '../../../src/orchestration/saga.service.js';`,
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
    `import { DataSource } from 'typeorm';`,
    `import { Service } from '../../../../src/orchestration/saga.service.js';`,
    `export type Pool = pg.Pool;`,
    `export const createParticipant = () => [Topology, amqp, context, DataSource, Service];`,
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
  'src/saga-engine/decide.ts': [
    `import { z } from 'zod';`,
    `import { Topology } from '@saga-coordinator/contracts';`,
    `export const decide = () => [z, Topology];`,
  ].join('\n'),
  'src/saga-engine/leaky-engine.ts': [
    `import type { Repository } from 'typeorm';`,
    `import { Injectable } from '@nestjs/common';`,
    `import amqp from 'amqplib';`,
    `import pg from 'pg';`,
    `import { readFileSync } from 'node:fs';`,
    `import { Service } from '../orchestration/saga.service.js';`,
    `export type Leak = Repository<object>;`,
    `export const leaky = [Injectable, amqp, pg, readFileSync, Service];`,
  ].join('\n'),
  'src/orchestration/saga.service.ts': [
    `import { decide } from '../saga-engine/decide.js';`,
    `import { Store } from '../persistence/saga.repository.js';`,
    `export const Service = [decide, Store];`,
  ].join('\n'),
  'src/orchestration/cycle-a.ts': `import { b } from './cycle-b.js';\nexport const a = () => b;\n`,
  'src/orchestration/cycle-b.ts': `import { a } from './cycle-a.js';\nexport const b = () => a;\n`,
  'src/persistence/saga.repository.ts': `import { DataSource } from 'typeorm';\nexport const Store = DataSource;\n`,
  'src/messaging/reply.consumer.ts': `import amqp from 'amqplib';\nexport const Consumer = amqp;\n`,
  'src/api/saga.controller.ts': [
    `import { Controller } from '@nestjs/common';`,
    `import { Service } from '../orchestration/saga.service.js';`,
    `import { Store } from '../persistence/saga.repository.js';`,
    `import { Consumer } from '../messaging/reply.consumer.js';`,
    `import pg from 'pg';`,
    `export const controller = [Controller, Service, Store, Consumer, pg];`,
  ].join('\n'),
  'src/api/testing/json.arbitrary.ts': `import fc from 'fast-check';\nexport const json = fc.jsonValue();\n`,
  'src/api/saga.controller.spec.ts': [
    `import { it } from 'vitest';`,
    `import { json } from './testing/json.arbitrary.js';`,
    `it('uses the helper', () => void json);`,
  ].join('\n'),
  'src/api/body-guard.ts': `import { json } from './testing/json.arbitrary.js';\nexport const guard = json;\n`,
  'src/api/uses-test-support.ts': `import { helper } from '../../test/support/helper.js';\nexport const uses = helper;\n`,
  'src/main.ts': [
    `import type { Arbitrary } from 'fast-check';`,
    `import fc from 'fast-check';`,
    `import yaml from 'js-yaml';`,
    `import { createParticipant } from '@saga-coordinator/participant';`,
    `import { payment } from '../examples/order/src/payment.participant.js';`,
    `import { missing } from './missing.js';`,
    `export type A = Arbitrary<number>;`,
    `export const main = [fc, yaml, createParticipant, payment, missing];`,
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
  for (const file of [...manifests, 'tsconfig.json']) copyFileSync(join(root, file), join(workspace, file));
  symlinkSync(join(root, 'node_modules'), join(workspace, 'node_modules'), 'dir');

  const { stdout } = await promisify(execFile)(
    depcruise,
    ['src', 'packages', 'examples', 'test', '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'json'],
    { cwd: workspace, maxBuffer: 64 * 1024 * 1024 },
  ).catch((error: { stdout?: string; stderr?: string }) => {
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
  it('keeps NestJS, TypeORM, pg and amqplib out of the saga engine, type-only imports included', () => {
    const targets = firedBy('saga-engine-no-infrastructure').join('\n');
    for (const pkg of ['typeorm', '@nestjs/common', 'amqplib', 'pg']) {
      expect(targets).toMatch(new RegExp(`leaky-engine\\.ts → node_modules/${pkg}/`));
    }
    expect(targets).not.toMatch(/decide\.ts/);
  });

  it('lets the saga engine import only the contracts from src', () => {
    expect(firedBy('saga-engine-only-contracts')).toEqual(['src/saga-engine/leaky-engine.ts → src/orchestration/saga.service.ts']);
  });

  it('keeps I/O built-ins out of the saga engine', () => {
    expect(firedBy('saga-engine-no-io-builtins')).toEqual(['src/saga-engine/leaky-engine.ts → fs']);
  });

  it('stops the api from reaching persistence, messaging or their clients', () => {
    const fired = firedBy('api-only-through-orchestration');
    expect(fired).toContain('src/api/saga.controller.ts → src/persistence/saga.repository.ts');
    expect(fired).toContain('src/api/saga.controller.ts → src/messaging/reply.consumer.ts');
    expect(fired.some((line) => line.startsWith('src/api/saga.controller.ts → node_modules/pg/'))).toBe(true);
    expect(fired.join('\n')).not.toMatch(/orchestration|@nestjs/);
  });

  it('lets a package import only the contracts from this repository', () => {
    expect(firedBy('packages-only-contracts')).toEqual([
      'packages/contracts/src/leaky.message.ts → src/orchestration/saga.service.ts',
      'packages/participant/src/core/create-participant.ts → src/orchestration/saga.service.ts',
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
    expect(firedBy('contracts-standalone')).toEqual(['packages/contracts/src/leaky.message.ts → src/orchestration/saga.service.ts']);
    const packages = firedBy('contracts-only-zod');
    expect(packages).toHaveLength(1);
    expect(packages[0]).toMatch(/^packages\/contracts\/src\/leaky\.message\.ts → node_modules\/uuid\//);
  });

  it('lets nothing outside test/ import test/', () => {
    expect(firedBy('nothing-imports-test')).toEqual(['src/api/uses-test-support.ts → test/support/helper.ts']);
  });

  it('warns when an application service imports an adapter', () => {
    expect(firedBy('orchestration-no-adapters')).toEqual([
      'src/orchestration/saga.service.ts → src/persistence/saga.repository.ts',
    ]);
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
    expect(fired[1]).toMatch(/^packages\/participant\/src\/core\/create-participant\.ts → node_modules\/typeorm\//);
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

  it('fires no rule that the fixture did not provoke', () => {
    const known = new Set([
      'saga-engine-no-infrastructure',
      'saga-engine-only-contracts',
      'saga-engine-no-io-builtins',
      'api-only-through-orchestration',
      'packages-only-contracts',
      'packages-by-name-only',
      'service-without-sdk-and-examples',
      'examples-use-packages-by-name',
      'contracts-standalone',
      'nothing-imports-test',
      'contracts-only-zod',
      'orchestration-no-adapters',
      'no-circular',
      'not-to-unresolvable',
      'no-non-package-json',
      'not-to-dev-dep',
      'no-test-helpers-at-run-time',
    ]);
    expect(violations.filter((v) => !known.has(v.rule))).toEqual([]);
    const allowed = ['examples/order/src/payment.participant.ts', 'src/saga-engine/decide.ts', 'packages/participant/src/nest/index.ts', 'packages/participant/src/core/create-participant.spec.ts'];
    expect(violations.filter((v) => allowed.includes(v.from))).toEqual([]);
  });
});
