import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';
import { DefinitionSource } from '../ports/definition-source.port.js';

/**
 * The runtime's `DefinitionSource` over a fixed list of definitions, for unit tests. An input
 * is refused when `inputProblem` (given) says so; every input fits otherwise.
 */
export class InMemoryDefinitionSource extends DefinitionSource {
  constructor(
    private readonly definitions: readonly SagaDefinition[],
    private readonly check: (definition: SagaDefinition, input: unknown) => string | undefined = () => undefined,
  ) {
    super();
  }

  async pinned(name: string, version: number): Promise<SagaDefinition> {
    const found = this.definitions.find((definition) => definition.name === name && definition.version === version);
    if (found === undefined) throw new Error(`No saga definition ${name} v${version}.`);
    return found;
  }

  async find(name: string, version?: number): Promise<SagaDefinition | string> {
    const versions = this.definitions.filter((definition) => definition.name === name).sort((a, b) => a.version - b.version);
    const found = version === undefined ? versions.at(-1) : versions.find((definition) => definition.version === version);
    return found ?? (version === undefined ? `No saga definition named "${name}".` : `Saga definition "${name}" has no version ${version}.`);
  }

  inputProblem(definition: SagaDefinition, input: unknown): string | undefined {
    return this.check(definition, input);
  }
}
