import { Injectable } from '@nestjs/common';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { DefinitionJsonSchema } from '../../saga-engine/definition/definition-json-schema.js';
import type { DefinitionProblem } from '../../saga-engine/definition/definition-problem.js';
import { ajvErrorsToIssues } from './ajv-issues.mapper.js';
import { unsafePatternProblems, userSchemaAjv } from './user-schema-compiler.js';

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

/**
 * Problems of a definition's input schema: patterns RE2 cannot run (with their pointers), then
 * whether it compiles. A fresh strict compiler per check: a rejected or unregistered schema must
 * not stay cached.
 */
export function inputSchemaProblems(schema: unknown): DefinitionProblem[] {
  const unsafe = unsafePatternProblems(schema, ['inputSchema']);
  if (unsafe.length > 0) return unsafe;
  try {
    const { $id: _id, ...rest } = (schema ?? {}) as Record<string, unknown>;
    userSchemaAjv().compile(rest);
    return [];
  } catch (error) {
    return [{ pointer: '/inputSchema', message: `The input schema does not compile: ${error instanceof Error ? error.message : String(error)}.` }];
  }
}
