import { readFileSync } from 'node:fs';
import { definitionFromJson } from '../saga-engine/definition/definition-json.js';
import type { SagaDefinition } from '../saga-engine/definition/saga-definition.js';
import { validateDefinition } from '../saga-engine/definition/validate-definition.js';
import { InvalidSagaDefinitionError } from './errors/invalid-saga-definition.error.js';
import { DefinitionJsonValidator } from './input/definition-json-validator.js';

/**
 * Reads the definitions the coordinator registers at start-up (`INITIAL_DEFINITIONS_FILE`): one
 * definition or an array of them, in the JSON form (docs/definitions.md; defaults may be left
 * out, the builder's full output is valid too). `version` defaults to 1. This is how the example
 * order saga reaches a coordinator (`npm start` passes examples/order/order.definition.json):
 * the service itself ships no definition. Each is checked with `validateDefinition`; a bad file
 * stops the start-up. No path: no definitions.
 * @throws Error when the file is unreadable or holds neither an object nor an array; InvalidSagaDefinitionError per bad definition
 */
export function readInitialDefinitionsFile(path: string | undefined): SagaDefinition[] {
  if (path === undefined || path === '') return [];
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const candidates: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  const structure = new DefinitionJsonValidator();
  return candidates.map((candidate, index) => {
    if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) {
      throw new Error(`${path} must hold a saga definition (a JSON object) or an array of them; entry #${index} is not an object.`);
    }
    const json = candidate as Record<string, unknown>;
    const version = json['version'] ?? 1;
    const name = typeof json['name'] === 'string' ? json['name'] : `#${index}`;
    const structuralProblems = structure.problems(json);
    if (structuralProblems.length > 0) throw new InvalidSagaDefinitionError(name, structuralProblems);
    const definition = definitionFromJson(json, version as number);
    const problems = validateDefinition(definition);
    if (problems.length > 0) throw new InvalidSagaDefinitionError(name, problems);
    return definition;
  });
}
