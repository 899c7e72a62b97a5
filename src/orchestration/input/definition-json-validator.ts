import { Injectable } from '@nestjs/common';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { DefinitionJsonSchema } from '../../saga-engine/definition/definition-json-schema.js';
import type { DefinitionProblem } from '../../saga-engine/definition/definition-problem.js';
import addFormatsModule from 'ajv-formats';
import { ajvErrorsToIssues } from './ajv-issues.mapper.js';

// ajv-formats is CommonJS: under nodenext the plugin is the module itself or its `default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/**
 * Checks a definition's JSON form against docs/definition.schema.json (structure, types,
 * unknown fields) before the engine's semantic validation, so each problem is reported with
 * the pointer of the field at fault rather than as a crash deeper in.
 */
@Injectable()
export class DefinitionJsonValidator {
  private readonly validate: ValidateFunction = new Ajv2020({ allErrors: true, strict: false }).compile(DefinitionJsonSchema);

  /** Every structural problem, with a pointer into `json`; empty when it fits the schema. */
  problems(json: unknown): DefinitionProblem[] {
    if (this.validate(json)) return [];
    return ajvErrorsToIssues(this.validate.errors).filter((issue) => !issue.message.startsWith('must match "then" schema'));
  }
}

/** A fresh strict compiler per check: a rejected or unregistered schema must not stay cached. */
export function inputSchemaProblems(schema: unknown): DefinitionProblem[] {
  try {
    const { $id: _id, ...rest } = (schema ?? {}) as Record<string, unknown>;
    addFormats(new Ajv2020({ allErrors: true, strict: true })).compile(rest);
    return [];
  } catch (error) {
    return [{ pointer: '/inputSchema', message: `The input schema does not compile: ${error instanceof Error ? error.message : String(error)}.` }];
  }
}
