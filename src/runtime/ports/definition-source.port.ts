import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';

/**
 * Where the runtime gets definitions (implemented by orchestration's definition catalog, which
 * owns registration): the version a saga is pinned to, and what a child saga node may start.
 */
export abstract class DefinitionSource {
  /** The exact version a saga is pinned to (cached: versions are immutable). Throws when it is not registered. */
  abstract pinned(name: string, version: number): Promise<SagaDefinition>;
  /** One version, or the latest when `version` is absent; why not (a sentence) when none is registered. */
  abstract find(name: string, version?: number): Promise<SagaDefinition | string>;
  /** Why `input` does not fit the definition's input schema (a sentence with a pointer per problem), or undefined. */
  abstract inputProblem(definition: SagaDefinition, input: unknown): string | undefined;
}
