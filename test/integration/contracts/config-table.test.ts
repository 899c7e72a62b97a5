import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppConfigSchema } from '../../../src/config/app-config.schema.js';
import {
  committedConfigTable,
  ConfigTableEnd,
  ConfigTableStart,
  ReadmePath,
  RegenerateConfigTableCommand,
  renderConfigTable,
  withConfigTable,
} from './config-table.util.js';

if (process.env['UPDATE_CONFIG_TABLE'] === '1') writeFileSync(ReadmePath, withConfigTable(readFileSync(ReadmePath, 'utf8'), renderConfigTable()));

describe('README configuration table', () => {
  const readme = readFileSync(ReadmePath, 'utf8');

  it('is exactly what the config schema generates', () => {
    expect(committedConfigTable(readme), `README.md needs ${ConfigTableStart} … ${ConfigTableEnd}`).toBeDefined();
    expect(committedConfigTable(readme), `the README configuration table is stale: run ${RegenerateConfigTableCommand}`).toBe(renderConfigTable());
  });

  it('documents every variable, each with a description', () => {
    for (const [key, schema] of Object.entries(AppConfigSchema.shape)) {
      expect(schema.description, key).toBeTruthy();
      expect(renderConfigTable()).toContain(`| \`${key}\` |`);
    }
  });

  it('replaces only the text between the markers', () => {
    const page = `intro\n${ConfigTableStart}\nold | table\n${ConfigTableEnd}\noutro\n`;
    expect(withConfigTable(page, 'NEW')).toBe(`intro\n${ConfigTableStart}\nNEW\n${ConfigTableEnd}\noutro\n`);
  });
});
