import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { AppConfigSchema } from '../../../src/config/app-config.schema.js';

/** The committed example environment, relative to the repository root. */
export const EnvExamplePath = fileURLToPath(new URL('../../../.env.example', import.meta.url));

/** The command that rewrites .env.example from src/config/app-config.schema.ts. */
export const RegenerateEnvExampleCommand = 'UPDATE_ENV_EXAMPLE=1 npx vitest run --project integration test/integration/contracts/packaging.test.ts';

/** Every variable the coordinator reads, with its default rendered as an env value. */
export function configDefaults(): Record<string, string> {
  const defaults = AppConfigSchema.parse({}) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(AppConfigSchema.shape).map((key) => [key, String(defaults[key])]));
}

/**
 * .env.example as the config schema defines it: one `KEY=default` line per variable, under
 * the schema's `.describe()` text, so the file cannot drift from what the service accepts.
 */
export function renderEnvExample(): string {
  const defaults = configDefaults();
  const shape = AppConfigSchema.shape as Record<string, z.ZodType>;
  const lines = [
    '# Configuration of the saga coordinator: every variable with its default.',
    `# Generated from src/config/app-config.schema.ts: regenerate with ${RegenerateEnvExampleCommand}`,
    '# The service reads the process environment only: copy this file to .env and start with',
    '# `node --env-file=.env dist/src/main.js` (or export the variables). docker compose reads .env',
    '# for the tunables and points the connection URLs at its own services.',
    '# The example participants read DATABASE_URL, RABBITMQ_URL and LOG_FORMAT.',
  ];
  for (const [key, schema] of Object.entries(shape)) {
    lines.push('', `# ${schema.description ?? 'Undocumented: add .describe() to the schema.'}`, `${key}=${defaults[key]}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Parses `KEY=value` lines, ignoring comments and blank lines. */
export function parseEnvFile(text: string): Record<string, string> {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const separator = line.indexOf('=');
      return [line.slice(0, separator), line.slice(separator + 1)] as const;
    });
  return Object.fromEntries(entries);
}
