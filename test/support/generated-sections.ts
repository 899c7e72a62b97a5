import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A document several commands write into, each its own section (docs/reliability.md: the chaos
 * suite, the soak run, the broker-cluster scenario). A section lives between its two markers;
 * writing one replaces it in place, or appends it, and leaves the others as they were.
 */
const begin = (name: string): string => `<!-- BEGIN GENERATED ${name} -->`;
const end = (name: string): string => `<!-- END GENERATED ${name} -->`;

export function replaceGeneratedSection(document: string, name: string, markdown: string): string {
  const section = `${begin(name)}\n${markdown.trim()}\n${end(name)}`;
  const from = document.indexOf(begin(name));
  const to = document.indexOf(end(name));
  if (from === -1 || to < from) return `${document.trimEnd()}\n\n${section}\n`.trimStart();
  return document.slice(0, from) + section + document.slice(to + end(name).length);
}

/** Writes `name`'s section of the document at `path` (created with `title` when missing). */
export function writeGeneratedSection(path: string, name: string, markdown: string, title: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const current = existsSync(path) ? readFileSync(path, 'utf8') : `${title}\n`;
  writeFileSync(path, replaceGeneratedSection(current, name, markdown));
}
