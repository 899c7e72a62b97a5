import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { applyBrokenVariant, BrokenVariants, type BrokenVariantName } from './broken-variants.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

/** The services a chaos run spawns, by compiled entry point. */
export const ChaosEntrypoints = {
  coordinator: 'dist/src/main.js',
  inventory: 'dist/src/examples/order/inventory/main.js',
  payment: 'dist/src/examples/order/payment/main.js',
  shipping: 'dist/src/examples/order/shipping/main.js',
} as const;
export type ChaosServiceName = keyof typeof ChaosEntrypoints;

/** A private copy of the build that processes are spawned from. */
export interface ChaosBuild {
  readonly root: string;
  readonly variant: BrokenVariantName | 'correct';
  entry(name: ChaosServiceName): string;
  dispose(): void;
}

/**
 * Copies dist/ (built by `npm run test:chaos`) into a temp folder, so that a rebuild by
 * someone else during a long run cannot swap files under running scenarios, and so that a
 * broken variant can be patched without touching the real build. node_modules is linked.
 */
export async function prepareChaosBuild(variant: BrokenVariantName | 'correct' = 'correct'): Promise<ChaosBuild> {
  const root = mkdtempSync(join(tmpdir(), `saga-chaos-${variant}-`));
  await copyCompleteDist(root);
  cpSync(join(repoRoot, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
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

/** All entry points and every patched file: a copy taken while `nest build` rewrites dist/ lacks some. */
const requiredFiles = [...Object.values(ChaosEntrypoints), 'dist/src/app.module.js', 'dist/src/messaging/outbox-relay.service.js', 'dist/src/messaging/reply-consumer.service.js', 'dist/src/participant-sdk/core/fence-action.util.js', 'dist/src/persistence/repositories/postgres-saga.transaction.js'];

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

function fileCount(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}
