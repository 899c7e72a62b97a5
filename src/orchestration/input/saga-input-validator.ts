import { Injectable } from '@nestjs/common';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';
import { InvalidSagaInputError } from '../errors/invalid-saga-input.error.js';
import { ajvErrorsToIssues } from './ajv-issues.mapper.js';
import { userSchemaAjv } from './user-schema-compiler.js';

/**
 * Validates saga inputs against their definition's input JSON Schema (draft 2020-12) with
 * every error reported; patterns run on RE2 (linear time, see user-schema-compiler.ts). Compiled validators are cached per (name, version): versions are
 * immutable, so a cached validator never goes stale.
 */
@Injectable()
export class SagaInputValidator {
  private readonly ajv = userSchemaAjv();
  private readonly validators = new Map<string, ValidateFunction>();

  /** @throws InvalidSagaInputError with one `{ pointer, message }` per problem */
  assertValid(definition: SagaDefinition, input: unknown): void {
    const validate = this.validatorFor(definition);
    if (!validate(input)) throw new InvalidSagaInputError(definition.name, ajvErrorsToIssues(validate.errors));
  }

  /** Compiles (and caches) the definition's schema; throws Ajv's error for a schema it refuses. */
  validatorFor(definition: SagaDefinition): ValidateFunction {
    const key = `${definition.name}@${definition.version}`;
    let validate = this.validators.get(key);
    if (!validate) {
      // Without the top-level $id: two versions may share one, and Ajv refuses a known $id twice.
      const { $id: _id, ...schema } = definition.inputSchema;
      validate = this.ajv.compile(schema);
      this.validators.set(key, validate);
    }
    return validate;
  }
}
