import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { definitionFromJson } from './definition-json.js';
import { DefinitionJsonSchema } from './definition-json-schema.js';
import { DefaultRetryPolicy } from './saga-definition.js';

const schemaFile = new URL('../../../docs/definition.schema.json', import.meta.url);
/** `UPDATE_GENERATED=1 npx vitest run --project unit src/saga-engine/definition/definition-json.spec.ts` rewrites it. */
const update = process.env['UPDATE_GENERATED'] === '1';

function checked(file: URL, content: unknown): unknown {
  const text = `${JSON.stringify(content, null, 2)}\n`;
  if (update) writeFileSync(file, text);
  return JSON.parse(readFileSync(file, 'utf8'));
}

describe(definitionFromJson.name, () => {
  it('fills the defaults of a terse JSON form, nested branches included', () => {
    const definition = definitionFromJson(
      {
        name: 'trip',
        steps: [
          {
            type: 'parallel',
            name: 'book',
            branches: [
              { name: 'hotel', steps: [{ name: 'hotel', participant: 'hotel', command: 'book', compensation: 'cancel', retry: { maxAttempts: 9 } }] },
              { name: 'car', steps: [{ name: 'car', participant: 'car', command: 'rent', compensation: 'return' }] },
            ],
          },
          { type: 'choice', name: 'c', choices: [{ name: 'y', when: true, steps: [{ type: 'delay', name: 'd', delayMs: 5 }] }] },
        ],
      },
      3,
    );
    expect(definition.version).toBe(3);
    expect(definition.inputSchema).toEqual({});
    const fork = definition.steps[0];
    expect(fork?.type === 'parallel' && fork.branches[0]?.steps[0]).toMatchObject({
      type: 'step',
      kind: 'compensatable',
      timeoutMs: 30_000,
      retry: { ...DefaultRetryPolicy, maxAttempts: 9 },
    });
    expect(definition.steps[1]).toMatchObject({ otherwise: { name: 'otherwise', steps: [] } });
  });

  it('keeps docs/definition.schema.json equal to the schema the API serves', () => {
    expect(checked(schemaFile, DefinitionJsonSchema)).toEqual(JSON.parse(JSON.stringify(DefinitionJsonSchema)));
  });
});
