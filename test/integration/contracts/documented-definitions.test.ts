import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DefinitionJsonValidator } from '../../../src/orchestration/input/definition-json-validator.js';
import { OrderCommands } from '../../../examples/order/src/order-participants.js';
import { definitionFromJson } from '../../../src/saga-engine/definition/definition-json.js';
import { DefinitionJsonSchema } from '../../../src/saga-engine/definition/definition-json-schema.js';
import { workNodes } from '../../../src/saga-engine/definition/flow.util.js';
import { validateDefinition } from '../../../src/saga-engine/definition/validate-definition.js';

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8');

/** Every body posted to /v1/definitions by a `curl … /v1/definitions … -d '<json>'` in the document. */
function postedDefinitions(markdown: string): Record<string, unknown>[] {
  return [...markdown.matchAll(/\/v1\/definitions -H 'content-type: application\/json' -d '(\{[\s\S]*?\})'/g)].map(
    (match) => JSON.parse(match[1]!) as Record<string, unknown>,
  );
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

  it("are valid definitions using only the example participants' commands", () => {
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

/**
 * The JSON fragments of docs/definitions.md (```json / ```jsonc blocks): comments stripped, a bare
 * `"key": value` wrapped in braces. Each is one of: the definition skeleton, a node, or a node's
 * `input` mapping.
 */
function documentedFragments(markdown: string): Record<string, unknown>[] {
  return [...markdown.matchAll(/^```jsonc?\n([\s\S]*?)^```$/gm)].map((match) => {
    const text = match[1]!
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*/g, (all, quoted: string | undefined) => quoted ?? '')
      .trim();
    return JSON.parse(text.startsWith('"') ? `{${text}}` : text) as Record<string, unknown>;
  });
}

describe('JSON fragments of docs/definitions.md', () => {
  const fragments = documentedFragments(read('docs/definitions.md'));
  const structure = new DefinitionJsonValidator();
  /** A definition around `steps`, checked as POST /v1/definitions checks it (structure, then the engine's rules). */
  const problemsOf = (steps: unknown[]): unknown[] => {
    const body = { name: 'documented-fragment', steps };
    const structural = structure.problems(body);
    return structural.length > 0 ? structural : validateDefinition(definitionFromJson(body, 1));
  };

  it('finds the definition skeleton, the input mapping and the child node', () => {
    expect(fragments.map((fragment) => Object.keys(fragment).sort().join(','))).toEqual([
      'deadlineMs,description,inputSchema,name,output,retentionMs,steps',
      'input',
      'definition,input,name,timeoutMs,type',
    ]);
  });

  it('names only top-level fields the definition schema has', () => {
    const known = Object.keys((DefinitionJsonSchema as { properties: Record<string, unknown> }).properties);
    for (const fragment of fragments.filter((f) => 'steps' in f)) expect(Object.keys(fragment).filter((key) => !known.includes(key))).toEqual([]);
  });

  it('shows nodes and mappings that a definition accepts as written', () => {
    for (const fragment of fragments) {
      if ('type' in fragment) expect(problemsOf([fragment]), JSON.stringify(fragment)).toEqual([]);
      else if (!('steps' in fragment)) {
        // The fragment reads the outputs of nodes named `approval` and `quote`: give it both, earlier in the saga.
        const earlier = [
          { type: 'wait', name: 'approval', signal: 'approved', timeoutMs: 60_000 },
          { name: 'quote', participant: 'payment', command: 'charge-payment', compensation: 'refund-payment' },
        ];
        const child = { type: 'child', name: 'documented-mapping', definition: { name: 'child-payment' }, ...fragment };
        expect(problemsOf([...earlier, child]), JSON.stringify(fragment)).toEqual([]);
      }
    }
  });
});
