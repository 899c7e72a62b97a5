#!/usr/bin/env node
/**
 * Measures the production install: what `npm ci --omit=dev` puts into node_modules for the
 * coordinator and its workspaces, from the manifests and the lock file alone (no sources, no
 * install scripts), so the figure can be compared before and after a dependency change.
 *
 *   node scripts/install-size.mjs [root]   (root defaults to the current directory)
 *
 * Prints the apparent size in MB (10^6 bytes, as `du -sb`), the space on disk in MiB (as `du -sh`),
 * the file count (as `find node_modules -type f | wc -l`) and how many copies of
 * @opentelemetry/core the tree holds (distinct folders in `npm ls @opentelemetry/core --all`).
 * Needs the registry or a warm npm cache; takes about a minute.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = process.argv[2] ?? process.cwd();
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const workspaces = manifest.workspaces ?? [];

const work = mkdtempSync(join(tmpdir(), 'install-size-'));
try {
  // The root's manifest and lock, and each workspace's manifest in a stub folder (npm links it).
  for (const file of ['package.json', 'package-lock.json', ...workspaces.map((ws) => join(ws, 'package.json'))]) {
    mkdirSync(dirname(join(work, file)), { recursive: true });
    cpSync(join(root, file), join(work, file));
  }
  execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: work,
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  // Walk node_modules without following the workspace links, counting apparent sizes of files,
  // folders and links as `du -sb` does, and regular files as `find -type f | wc -l` does.
  // The disk figure (allocated blocks) is what `du -sh` shows; it is larger because every small
  // file takes a whole block.
  let bytes = 0;
  let blocks = 0;
  let files = 0;
  const count = (path) => {
    const stat = lstatSync(path);
    bytes += stat.size;
    blocks += stat.blocks;
  };
  const walk = (dir) => {
    count(dir);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        count(path);
        if (entry.isFile()) files += 1;
      }
    }
  };
  walk(join(work, 'node_modules'));

  let coreCopies = 0;
  try {
    const tree = execFileSync('npm', ['ls', '@opentelemetry/core', '--all', '--parseable', '--omit=dev'], {
      cwd: work,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    coreCopies = new Set(tree.split('\n').filter((line) => /node_modules\/@opentelemetry\/core$/.test(line))).size;
  } catch (error) {
    // npm ls exits non-zero when nothing matches or the tree has problems; the output still counts.
    const out = error.stdout ?? '';
    coreCopies = new Set(out.split('\n').filter((line) => /node_modules\/@opentelemetry\/core$/.test(line))).size;
  }

  process.stdout.write(
    `production install: ${(bytes / 1e6).toFixed(1)} MB (du -sb), ` +
      `${Math.ceil((blocks * 512) / 2 ** 20)} MiB on disk (du -sh), ${files} files, ` +
      `@opentelemetry/core copies: ${coreCopies}\n`,
  );
} finally {
  if (existsSync(work)) rmSync(work, { recursive: true, force: true });
}
