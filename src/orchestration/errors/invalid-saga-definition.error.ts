import type { DefinitionProblem } from '../../saga-engine/definition/definition-problem.js';

/**
 * A definition offered for registration fails the engine's validation. Not yet an
 * `OrchestrationError` with a code: only start-up registration raises it today (and stops the
 * bootstrap); `POST /v1/definitions` (issue 4) will map it to 422.
 */
export class InvalidSagaDefinitionError extends Error {
  constructor(
    readonly definition: string,
    readonly problems: readonly DefinitionProblem[],
  ) {
    super(
      `Saga definition "${definition}" is invalid: ${problems.map((p) => `${p.pointer || '(root)'}: ${p.message}`).join('; ')}`,
    );
    this.name = 'InvalidSagaDefinitionError';
  }
}
