import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DefinitionJsonValidator } from '../../../src/orchestration/input/definition-json-validator.js';
import { OrderCommands } from '../../../examples/order/src/order-participants.js';
import { definitionFromJson } from '../../../src/saga-engine/definition/definition-json.js';
import { workNodes } from '../../../src/saga-engine/definition/flow.util.js';
import { validateDefinition } from '../../../src/saga-engine/definition/validate-definition.js';

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8');

/** Every body posted to /v1/definitions by a `curl … /v1/definitions … -d '<json>'` in the document. */
function postedDefinitions(markdown: string): Record<string, unknown>[] {
  return [...markdown.matchAll(/\/v1\/definitions -H 'content-type: application\/json' -d '(\{[\s\S]*?\})'/g)].map((match) => JSON.parse(match[1]!) as Record<string, unknown>);
}

const exampleCommands = new Set<string>(Object.values(OrderCommands));

/**
 * The definitions the README and docs/definitions.md tell a newcomer to register are valid as
 * written (structure and the engine's rules) and use only the example participants' commands,
 * so the documented sessions run against `npm start` as they stand.
 */
describe('definitions shown in the docs', () => {
  const documents = { 'README.md': postedDefinitions(read('README.md')), 'docs/definitions.md': postedDefinitions(read('docs/definitions.md')) };

  it('finds the parallel + wait + choice example in the README and the child saga examples in the guide', () => {
    expect(documents['README.md'].map((body) => body['name'])).toEqual(['approved-fulfilment']);
    expect(documents['docs/definitions.md'].map((body) => body['name'])).toEqual(['approved-fulfilment', 'child-payment', 'order-with-child']);
    const types = (body: Record<string, unknown>) => (body['steps'] as { type?: string }[]).map((node) => node.type ?? 'step');
    expect(types(documents['README.md'][0]!)).toEqual(['parallel', 'wait', 'choice']);
  });

  it('are valid definitions using only the example participants\' commands', () => {
    const structure = new DefinitionJsonValidator();
    for (const [document, bodies] of Object.entries(documents)) {
      for (const body of bodies) {
        expect(structure.problems(body), `${document}: ${String(body['name'])}`).toEqual([]);
        const definition = definitionFromJson(body, 1);
        expect(validateDefinition(definition), `${document}: ${definition.name}`).toEqual([]);
        for (const node of workNodes(definition)) {
          if (node.type !== 'step') continue;
          expect(exampleCommands.has(node.command) && exampleCommands.has(node.compensation ?? ''), `${document}: ${node.name}`).toBe(true);
        }
      }
    }
  });
});
