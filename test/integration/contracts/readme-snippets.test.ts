import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/** The TypeScript code blocks of `markdown`, from the heading `from` up to the next heading of the same level. */
export function typescriptSnippets(markdown: string, from?: string): string[] {
  let text = markdown;
  if (from !== undefined) {
    const start = markdown.indexOf(`\n${from}\n`);
    if (start < 0) throw new Error(`no heading "${from}"`);
    const level = /^#+/.exec(from)![0];
    const next = markdown.slice(start + from.length + 2).search(new RegExp(`^${level} `, 'm'));
    text = markdown.slice(start, next < 0 ? undefined : start + from.length + 2 + next);
  }
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

/** Where each documented snippet comes from: the README's participant section, the packages' READMEs and the client guide. */
const documents = [
  { file: 'README.md', section: '## Write a participant' },
  { file: 'packages/participant/README.md' },
  { file: 'packages/contracts/README.md' },
  { file: 'packages/conformance/README.md' },
  { file: 'packages/client/README.md' },
  { file: 'docs/client.md' },
] as const;

const snippets = documents.flatMap(({ file, ...rest }) =>
  typescriptSnippets(readFileSync(join(root, file), 'utf8'), 'section' in rest ? rest.section : undefined).map((code, index) => ({
    name: `${file.replaceAll('/', '_')}.${index + 1}.ts`,
    file,
    code,
  })),
);

const workspace = mkdtempSync(join(tmpdir(), 'readme-snippets-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

/**
 * Compiles every snippet as a module of its own, the way a user's strict ESM project would
 * (nodenext, strict, decorators for Nest), against the packages' sources: a snippet that
 * imports `./src/...`, names an export the packages lack or a token nobody defines fails here.
 */
function compile(list: ReadonlyArray<{ name: string; code: string }> = snippets): string[] {
  writeFileSync(join(workspace, 'package.json'), JSON.stringify({ type: 'module' }));
  if (!existsSync(join(workspace, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(workspace, 'node_modules'), 'dir');
  const files = list.map(({ name, code }) => {
    const path = join(workspace, name);
    writeFileSync(path, code);
    return path;
  });
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
    paths: {
      '@saga-coordinator/contracts': [join(root, 'packages/contracts/src/index.ts')],
      '@saga-coordinator/participant': [join(root, 'packages/participant/src/index.ts')],
      '@saga-coordinator/participant/nest': [join(root, 'packages/participant/src/nest/index.ts')],
      '@saga-coordinator/participant/typeorm': [join(root, 'packages/participant/src/typeorm/index.ts')],
      '@saga-coordinator/participant/knex': [join(root, 'packages/participant/src/knex/index.ts')],
      '@saga-coordinator/conformance': [join(root, 'packages/conformance/src/index.ts')],
      '@saga-coordinator/client': [join(root, 'packages/client/src/index.ts')],
    },
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file === undefined || diagnostic.file.fileName.startsWith(workspace))
    .map((diagnostic) => {
      const where = diagnostic.file
        ? `${diagnostic.file.fileName.slice(workspace.length + 1)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
        : '';
      return `${where} TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
}

describe('TypeScript samples in the READMEs', () => {
  it('finds the participant snippets: plain (typed), NestJS, TypeORM and logging in the README, and those of the packages (one with the URLs of a cluster)', () => {
    expect(snippets.filter((s) => s.file === 'README.md')).toHaveLength(4);
    expect(snippets.filter((s) => s.file === 'packages/participant/README.md')).toHaveLength(9);
    expect(snippets.filter((s) => s.file !== 'README.md').length).toBeGreaterThanOrEqual(9);
  });

  it('show the transaction adapters and typed payloads from their subpaths', () => {
    const participantDocs = snippets
      .filter((s) => s.file !== 'packages/contracts/README.md')
      .map((s) => s.code)
      .join('\n');
    for (const used of [
      "from '@saga-coordinator/participant/typeorm'",
      "from '@saga-coordinator/participant/knex'",
      "from 'zod'",
      'fenceMigrationStatements(',
    ]) {
      expect(participantDocs).toContain(used);
    }
  });

  it('type the order saga input in the client samples: a wrong input is a compile error', () => {
    const clientSamples = snippets.filter((s) => s.file === 'docs/client.md' || s.file === 'packages/client/README.md');
    expect(clientSamples).toHaveLength(2);
    for (const { code } of clientSamples) expect(code).toContain('createSagaClient<{ order: OrderInput }>');
    const guide = clientSamples.find((s) => s.file === 'docs/client.md')!;
    const wrongInput = { name: 'wrong-order-input.ts', code: guide.code.replace('quantity: 2', "quantity: '2'") };
    expect(wrongInput.code).not.toBe(guide.code);
    expect(compile([wrongInput]).join('\n')).toMatch(/wrong-order-input\.ts:\d+ TS2322: Type 'string' is not assignable to type 'number'/);
  }, 120_000);

  it('import the packages by name only', () => {
    for (const { name, code } of snippets) {
      const specifiers = [...code.matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
      expect(
        specifiers.filter((specifier) => specifier.startsWith('.')),
        name,
      ).toEqual([]);
    }
  });

  it('compile in a strict ESM project against the packages', () => {
    expect(compile()).toEqual([]);
  }, 120_000);
});
