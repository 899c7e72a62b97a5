import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testSaga } from '../../saga-engine/testing/definition-fixture.js';
import { InvalidSagaDefinitionError } from '../errors/invalid-saga-definition.error.js';
import { readInitialDefinitionsFile } from './initial-definitions-file.reader.js';

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

  it('refuses a definition the engine would refuse, naming it', () => {
    const broken = { ...testSaga(['reserve']), name: 'broken', steps: [] };
    expect(() => readInitialDefinitionsFile(fileWith(JSON.stringify([broken])))).toThrow(InvalidSagaDefinitionError);
    expect(() => readInitialDefinitionsFile(fileWith(JSON.stringify([broken])))).toThrow(/"broken"/);
  });

  it('refuses a file that is not an array', () => {
    expect(() => readInitialDefinitionsFile(fileWith('{}'))).toThrow(/must hold a JSON array/);
  });
});
