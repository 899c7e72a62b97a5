import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { applyBrokenVariant, BrokenVariants, type BrokenVariantName } from './broken-variants.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

/** The services a chaos run spawns, by compiled entry point. */
export const ChaosEntrypoints = {
  coordinator: 'dist/src/main.js',
  inventory: 'examples/order/dist/inventory/main.js',
  payment: 'examples/order/dist/payment/main.js',
  shipping: 'examples/order/dist/shipping/main.js',
} as const;
export type ChaosServiceName = keyof typeof ChaosEntrypoints;

/** A private copy of the build that processes are spawned from. */
export interface ChaosBuild {
  readonly root: string;
  readonly variant: BrokenVariantName | 'correct';
  entry(name: ChaosServiceName): string;
  dispose(): void;
}

/** The npm workspaces (packages and examples): each is copied with its package.json and dist/. */
const Workspaces = ['packages/contracts', 'packages/participant', 'examples/order'] as const;

/**
 * Copies dist/ and the workspaces' builds (made by `npm run test:chaos`) into a temp folder, so
 * that a rebuild by someone else during a long run cannot swap files under running scenarios,
 * and so that a broken variant can be patched without touching the real build. The packages
 * in node_modules are linked, except the workspaces themselves, which point into the copy (a
 * patched SDK file must be the one the example participants load).
 */
export async function prepareChaosBuild(variant: BrokenVariantName | 'correct' = 'correct'): Promise<ChaosBuild> {
  const root = mkdtempSync(join(tmpdir(), `saga-chaos-${variant}-`));
  await copyCompleteDist(root);
  cpSync(join(repoRoot, 'package.json'), join(root, 'package.json'));
  for (const workspace of Workspaces) {
    cpSync(join(repoRoot, workspace, 'package.json'), join(root, workspace, 'package.json'));
    cpSync(join(repoRoot, workspace, 'dist'), join(root, workspace, 'dist'), { recursive: true });
  }
  cpSync(join(repoRoot, 'examples/order/order.definition.json'), join(root, 'examples/order/order.definition.json'));
  linkNodeModules(root);
  if (variant !== 'correct') {
    const broken = BrokenVariants[variant];
    const file = join(root, broken.file);
    writeFileSync(file, applyBrokenVariant(readFileSync(file, 'utf8'), broken));
  }
  return {
    root,
    variant,
    entry: (name) => join(root, ChaosEntrypoints[name]),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The coordinator entry point and the patched files of dist/: a copy taken while `nest build` rewrites dist/ lacks some. */
const requiredFiles = [
  ChaosEntrypoints.coordinator,
  'dist/src/app.module.js',
  'dist/src/messaging/outbox-relay.service.js',
  'dist/src/messaging/reply-consumer.service.js',
  'dist/src/persistence/repositories/postgres-saga.transaction.js',
];

/** Copies dist/, retrying for up to two minutes while a concurrent rebuild leaves it incomplete. */
async function copyCompleteDist(root: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    rmSync(join(root, 'dist'), { recursive: true, force: true });
    try {
      const before = fileCount(join(repoRoot, 'dist'));
      cpSync(join(repoRoot, 'dist'), join(root, 'dist'), { recursive: true });
      if (requiredFiles.every((file) => existsSync(join(root, file)))) {
        await sleep(1_000);
        // The same files a second later and in the copy: not caught in the middle of an emit.
        if (fileCount(join(repoRoot, 'dist')) === before && fileCount(join(root, 'dist')) === before) return;
      }
    } catch {
      /* dist/ vanished under us: a rebuild is running */
    }
    if (attempt >= 60) throw new Error('dist/ stayed incomplete for two minutes: run `npm run build`');
    await sleep(2_000);
  }
}

/**
 * `node_modules` of the copy: a link per installed package of the repository, but
 * `@saga-coordinator/*` linked to the copied workspaces (npm links them into the repository's
 * own packages/ and examples/, which a broken variant must not be loaded from).
 */
function linkNodeModules(root: string): void {
  const modules = join(root, 'node_modules');
  mkdirSync(join(modules, '@saga-coordinator'), { recursive: true });
  for (const entry of readdirSync(join(repoRoot, 'node_modules'))) {
    if (entry !== '@saga-coordinator') symlinkSync(join(repoRoot, 'node_modules', entry), join(modules, entry));
  }
  for (const workspace of Workspaces) {
    const { name } = JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8')) as { name: string };
    symlinkSync(join(root, workspace), join(modules, name), 'dir');
  }
}

function fileCount(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}
