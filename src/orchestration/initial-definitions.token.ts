import type { SagaDefinition } from '../saga-engine/definition/saga-definition.js';

/**
 * Injection token: definitions registered at start-up when missing from the store, read from
 * `INITIAL_DEFINITIONS_FILE` (or given by a test application). The service imports no
 * definition of its own: the example `order` saga reaches it as a file.
 */
export const INITIAL_SAGA_DEFINITIONS = Symbol('INITIAL_SAGA_DEFINITIONS');
export type InitialSagaDefinitions = readonly SagaDefinition[];
