import { Injectable } from '@nestjs/common';
import { DefinitionSource } from '../../runtime/ports/definition-source.port.js';
import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';
import { DefinitionNotFoundError } from '../errors/definition-not-found.error.js';
import { InvalidSagaInputError } from '../errors/invalid-saga-input.error.js';
import { SagaInputValidator } from '../input/saga-input-validator.js';
import { DefinitionCatalogService } from './definition-catalog.service.js';

/** The runtime's `DefinitionSource` on the definition catalog (pinned cache) and the input validator. */
@Injectable()
export class CatalogDefinitionSource extends DefinitionSource {
  constructor(
    private readonly catalog: DefinitionCatalogService,
    private readonly inputValidator: SagaInputValidator,
  ) {
    super();
  }

  pinned(name: string, version: number): Promise<SagaDefinition> {
    return this.catalog.pinned(name, version);
  }

  async find(name: string, version?: number): Promise<SagaDefinition | string> {
    try {
      const definition = await this.catalog.resolve(name, version);
      const problems = this.catalog.storedProblems(definition);
      if (problems.length === 0) return definition;
      return `Definition "${name}" v${definition.version} breaks today's limits: ${problems.map((p) => `${p.pointer || '(root)'}: ${p.message}`).join('; ')}`;
    } catch (error) {
      if (error instanceof DefinitionNotFoundError) return error.message;
      throw error;
    }
  }

  inputProblem(definition: SagaDefinition, input: unknown): string | undefined {
    try {
      this.inputValidator.assertValid(definition, input);
      return undefined;
    } catch (error) {
      if (!(error instanceof InvalidSagaInputError)) throw error;
      return `${error.message} ${error.issues.map((issue) => `${issue.pointer || '(root)'}: ${issue.message}`).join('; ')}`;
    }
  }
}
