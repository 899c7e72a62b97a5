import { readFileSync } from 'node:fs';
import type { SagaDefinition } from '../saga-engine/definition/saga-definition.js';
import { validateDefinition } from '../saga-engine/definition/validate-definition.js';
import { InvalidSagaDefinitionError } from './errors/invalid-saga-definition.error.js';

/**
 * Test-only hook: reads a JSON array of complete saga definitions (the builder's output,
 * defaults applied) from `path`, so an end-to-end test can start a coordinator process whose
 * purpose-built definitions exist before its first request (at run time, `POST /v1/definitions`
 * registers them). Each is checked with
 * `validateDefinition`; a bad file stops the start-up. No path: no extra definitions.
 * @throws Error when the file is unreadable or not an array; InvalidSagaDefinitionError per bad definition
 */
export function readInitialDefinitionsFile(path: string | undefined): SagaDefinition[] {
  if (path === undefined || path === '') return [];
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${path} must hold a JSON array of saga definitions.`);
  return parsed.map((candidate: unknown, index) => {
    const problems = validateDefinition(candidate as SagaDefinition);
    const name = (candidate as { name?: unknown } | null)?.name;
    if (problems.length > 0) throw new InvalidSagaDefinitionError(typeof name === 'string' ? name : `#${index}`, problems);
    return candidate as SagaDefinition;
  });
}
