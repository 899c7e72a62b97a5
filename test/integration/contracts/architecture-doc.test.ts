import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ArchitectureDocPath, RegenerateArchitectureDocCommand, renderArchitectureDoc } from '../../../scripts/architecture-doc.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);

interface SourceFolder {
  folder: string;
  mayImport: string[];
  subfolders?: Record<string, string>;
}
const { sourceFolders, otherFolders } = require(join(root, 'architecture.config.cjs')) as {
  sourceFolders: SourceFolder[];
  otherFolders: Record<string, string>;
};
const { forbidden } = require(join(root, '.dependency-cruiser.cjs')) as {
  forbidden: { name: string; from: { path?: string }; to: { pathNot?: string } }[];
};

/**
 * Every folder below `dir` (relative to the repository root), build output and dependencies left
 * out, and whatever git ignores (the CPU profiles `npm run bench` leaves in bench/profiles/).
 */
function foldersUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(join(root, path), { withFileTypes: true })) {
      if (!entry.isDirectory() || ['node_modules', 'dist', 'test-results'].includes(entry.name) || entry.name.startsWith('.')) continue;
      const child = `${path}/${entry.name}`;
      found.push(child);
      walk(child);
    }
  };
  walk(dir);
  const ignored = ignoredByGit(found);
  return found.filter((folder) => !ignored.has(folder)).sort();
}

/** Which of `paths` git ignores (`git check-ignore` exits 1 when none is). */
function ignoredByGit(paths: readonly string[]): Set<string> {
  try {
    const listed = execFileSync('git', ['check-ignore', '--stdin'], { cwd: root, input: paths.join('\n'), encoding: 'utf8' });
    return new Set(listed.split('\n').filter(Boolean));
  } catch (error) {
    if ((error as { status?: number }).status === 1) return new Set();
    throw error;
  }
}

describe('docs/architecture.md and the folder map (architecture.config.cjs)', () => {
  it('is exactly what the folder map and the dependency rules generate', () => {
    expect(readFileSync(ArchitectureDocPath, 'utf8'), `docs/architecture.md is stale: run ${RegenerateArchitectureDocCommand}`).toBe(
      renderArchitectureDoc(),
    );
  });

  it('names every folder under src/, and only folders that exist', () => {
    const named = sourceFolders
      .flatMap(({ folder, subfolders }) => [`src/${folder}`, ...Object.keys(subfolders ?? {}).map((path) => `src/${folder}/${path}`)])
      .sort();
    expect(named, 'architecture.config.cjs: add the folder (role, what it may import), then run npm run docs:architecture').toEqual(
      foldersUnder('src'),
    );
  });

  it('names every folder under packages/, examples/, test/, bench/ and scripts/, and only folders that exist', () => {
    const onDisk = ['packages', 'examples', 'test', 'bench', 'scripts'].flatMap((dir) => [dir, ...foldersUnder(dir)]).sort();
    expect(Object.keys(otherFolders).sort()).toEqual(onDisk);
  });

  it('gives every src/ folder a boundary rule that allows exactly what the map says', () => {
    for (const { folder, mayImport } of sourceFolders) {
      const rule = forbidden.find(({ name }) => name === `${folder}-boundary`);
      expect(rule, folder).toBeDefined();
      expect(rule?.from.path).toBe(`^src/${folder}/`);
      expect(rule?.to.pathNot).toBe(`^src/(${[folder, ...mayImport].join('|')})/`);
    }
  });

  it('only lets a folder import folders the map knows', () => {
    const known = new Set(sourceFolders.map(({ folder }) => folder));
    for (const { folder, mayImport } of sourceFolders) for (const target of mayImport) expect(known.has(target), `${folder} → ${target}`).toBe(true);
    expect(relative(root, ArchitectureDocPath)).toBe('docs/architecture.md');
  });
});
