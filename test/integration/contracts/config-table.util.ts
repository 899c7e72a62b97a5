import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { AppConfigSchema } from '../../../src/config/app-config.schema.js';
import { configDefaults } from './env-example.util.js';

/** The README, relative to the repository root. */
export const ReadmePath = fileURLToPath(new URL('../../../README.md', import.meta.url));

export const ConfigTableStart = '<!-- config-table:start -->';
export const ConfigTableEnd = '<!-- config-table:end -->';

/** The command that rewrites the table from src/config/app-config.schema.ts. */
export const RegenerateConfigTableCommand =
  'UPDATE_CONFIG_TABLE=1 npx vitest run --project integration test/integration/contracts/config-table.test.ts';

/** A Markdown table cell: pipes escaped, one line. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** The configuration table: one row per variable with its default and its `.describe()` text. */
export function renderConfigTable(): string {
  const defaults = configDefaults();
  const shape = AppConfigSchema.shape as Record<string, z.ZodType>;
  const rows = Object.entries(shape).map(
    ([key, schema]) =>
      `| \`${key}\` | \`${cell(defaults[key] ?? '')}\` | ${cell(schema.description ?? 'Undocumented: add .describe() to the schema.')} |`,
  );
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** The text between the markers, or undefined when the README has no (or broken) markers. */
export function committedConfigTable(readme: string): string | undefined {
  const start = readme.indexOf(ConfigTableStart);
  const end = readme.indexOf(ConfigTableEnd);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + ConfigTableStart.length, end).trim();
}

/** The README with only the text between the markers replaced. */
export function withConfigTable(readme: string, table: string): string {
  const start = readme.indexOf(ConfigTableStart);
  const end = readme.indexOf(ConfigTableEnd);
  if (start < 0 || end < start) throw new Error(`README.md needs ${ConfigTableStart} … ${ConfigTableEnd}`);
  return `${readme.slice(0, start + ConfigTableStart.length)}\n${table}\n${readme.slice(end)}`;
}
