import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';

/**
 * Injection token: definitions the composition root wants registered at start-up (the example
 * `order` saga), when `REGISTER_EXAMPLE_DEFINITIONS` is true. Orchestration never imports
 * `examples/` itself.
 */
export const INITIAL_SAGA_DEFINITIONS = Symbol('INITIAL_SAGA_DEFINITIONS');
export type InitialSagaDefinitions = readonly SagaDefinition[];
