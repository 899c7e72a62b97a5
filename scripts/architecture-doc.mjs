#!/usr/bin/env node
/**
 * Renders docs/architecture.md from architecture.config.cjs (the folder map) and
 * .dependency-cruiser.cjs (the rules built from it), so the document cannot say something the
 * rules do not check.
 *
 *   npm run docs:architecture            writes docs/architecture.md
 *   node scripts/architecture-doc.mjs    prints it
 *
 * test/integration/contracts/architecture-doc.test.ts fails when the committed document is stale
 * or when a folder on disk is missing from the map.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const ArchitectureDocPath = fileURLToPath(new URL('../docs/architecture.md', import.meta.url));
export const RegenerateArchitectureDocCommand = 'npm run docs:architecture';

/** The rules the boundaries leave out, with the reason for each (from .dependency-cruiser.cjs), plus the environment check. */
function otherRules(forbidden, boundaryNames) {
  const seen = new Set();
  const rules = [];
  for (const rule of forbidden) {
    if (boundaryNames.has(rule.name) || seen.has(rule.name)) continue;
    seen.add(rule.name);
    rules.push({ name: rule.name, comment: rule.comment });
  }
  rules.push({
    name: 'process-env-only-in-config',
    comment: 'process.env is read in src/config only, so every setting is validated, documented and parsed once (scripts/check-env-reads.mjs).',
  });
  return rules;
}

/** A Mermaid graph of which top-level folder may import which (the composition root sees all). */
function importGraph(sourceFolders) {
  const id = (folder) => folder.replaceAll('-', '_');
  const lines = ['```mermaid', 'flowchart TD'];
  for (const { folder, mayImport } of sourceFolders) {
    lines.push(`  ${id(folder)}["${folder}/"]`);
    for (const target of mayImport) lines.push(`  ${id(folder)} --> ${id(target)}`);
  }
  lines.push('```');
  return lines.join('\n');
}

/** The document, as text. */
export function renderArchitectureDoc() {
  const { sourceFolders, compositionRoot, otherFolders } = require('../architecture.config.cjs');
  const { forbidden } = require('../.dependency-cruiser.cjs');
  const boundaryNames = new Set(sourceFolders.map(({ folder }) => `${folder}-boundary`));
  const cell = (text) => text.replaceAll('|', '\\|');
  const out = [];
  out.push('# Architecture: the folders and what each may import');
  out.push('');
  out.push('<!-- Generated from architecture.config.cjs and .dependency-cruiser.cjs by `npm run docs:architecture`: do not edit by hand. -->');
  out.push('');
  out.push(
    'The design is `../shared/ARCHITECTURE.md` (decide, then do: a pure engine, a runtime that applies its decisions in one ' +
      'transaction, application services over ports, adapters at the edge). This page is its map of the code: every ' +
      'folder, its role, and what it may import. Each boundary below is a dependency rule (`<folder>-boundary`) that ' +
      '`npm run lint` checks; a folder that is not named here fails lint (`src-folders-are-known`) and the test that ' +
      'keeps this page current.',
  );
  out.push('');
  out.push('## Who may import whom');
  out.push('');
  out.push(importGraph(sourceFolders));
  out.push('');
  out.push('`main.ts` and `app.module.ts` (the composition root) may import every folder; nothing imports them.');
  out.push('');
  out.push('## src/');
  out.push('');
  out.push('| folder | role | may import |');
  out.push('|---|---|---|');
  for (const { folder, role, mayImport } of sourceFolders) {
    out.push(`| \`${folder}/\` | ${cell(role)} | ${mayImport.length === 0 ? 'nothing else in src' : mayImport.map((f) => `\`${f}\``).join(', ')} |`);
  }
  for (const [file, role] of Object.entries(compositionRoot)) out.push(`| \`${file}\` | ${cell(role)} | everything |`);
  out.push('');
  for (const { folder, why, subfolders } of sourceFolders) {
    out.push(`### ${folder}/`);
    out.push('');
    out.push(`Why: ${why} (rule \`${folder}-boundary\`)`);
    const entries = Object.entries(subfolders ?? {});
    if (entries.length > 0) {
      out.push('');
      for (const [path, role] of entries) out.push(`- \`${folder}/${path}/\`: ${role}`);
    }
    out.push('');
  }
  out.push('## Rules beyond the boundaries');
  out.push('');
  for (const { name, comment } of otherRules(forbidden, boundaryNames)) out.push(`- \`${name}\`: ${comment}`);
  out.push('');
  out.push('## Outside src/');
  out.push('');
  out.push('| folder | role |');
  out.push('|---|---|');
  for (const [folder, role] of Object.entries(otherFolders)) out.push(`| \`${folder}/\` | ${cell(role)} |`);
  out.push('');
  out.push('`migrations/` holds the hand-written SQL migrations (never synchronize); `docs/` the documents, several generated.');
  out.push('');
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const doc = renderArchitectureDoc();
  if (process.argv.includes('--write')) writeFileSync(ArchitectureDocPath, doc);
  else process.stdout.write(doc);
}
