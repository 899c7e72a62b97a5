import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testSaga } from '../saga-engine/testing/definition-fixture.js';
import { InvalidSagaDefinitionError } from './errors/invalid-saga-definition.error.js';
import { readInitialDefinitionsFile } from './initial-definitions-file.util.js';

function fileWith(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'definitions-')), 'definitions.json');
  writeFileSync(path, content);
  return path;
}

describe(readInitialDefinitionsFile.name, () => {
  it('reads nothing when no file is configured', () => {
    expect(readInitialDefinitionsFile(undefined)).toEqual([]);
    expect(readInitialDefinitionsFile('')).toEqual([]);
  });

  it('returns the definitions of the file as they are', () => {
    const definition = testSaga(['reserve', 'charge'], { name: 'stuck-compensation' });
    expect(readInitialDefinitionsFile(fileWith(JSON.stringify([definition])))).toEqual([definition]);
  });

  it('reads a single definition in the JSON form, applying its defaults and version 1', () => {
    const json = { name: 'short', steps: [{ name: 'reserve', participant: 'inventory', command: 'reserve', compensation: 'release' }] };
    const [definition] = readInitialDefinitionsFile(fileWith(JSON.stringify(json)));
    expect(definition).toMatchObject({ name: 'short', version: 1, inputSchema: {} });
    expect(definition?.steps[0]).toMatchObject({ type: 'step', kind: 'compensatable', retry: { maxAttempts: expect.any(Number) } });
  });

  it('reads the example order definition that npm start registers', () => {
    const [definition] = readInitialDefinitionsFile(new URL('../../examples/order/order.definition.json', import.meta.url).pathname);
    expect(definition).toMatchObject({ name: 'order', version: 1 });
  });

  it('refuses a definition the engine would refuse, naming it', () => {
    const broken = { ...testSaga(['reserve']), name: 'broken', steps: [] };
    expect(() => readInitialDefinitionsFile(fileWith(JSON.stringify([broken])))).toThrow(InvalidSagaDefinitionError);
    expect(() => readInitialDefinitionsFile(fileWith(JSON.stringify([broken])))).toThrow(/"broken"/);
  });

  it('refuses a structurally wrong definition with the pointer of the field at fault', () => {
    expect(() => readInitialDefinitionsFile(fileWith('{}'))).toThrow(InvalidSagaDefinitionError);
    expect(() => readInitialDefinitionsFile(fileWith(JSON.stringify({ name: 'v', version: 0, steps: [] })))).toThrow(/\/version/);
  });

  it('refuses a file that holds neither an object nor an array of objects', () => {
    expect(() => readInitialDefinitionsFile(fileWith('[1]'))).toThrow(/entry #0 is not an object/);
    expect(() => readInitialDefinitionsFile(fileWith('"order"'))).toThrow(/must hold a saga definition/);
  });
});
