import { Injectable, StandardSchemaValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { ApiProblemException } from '../problem/api-problem.exception.js';
import type { ProblemType } from '../problem/problem-types.js';
import { escapeJsonPointerToken } from './json-pointer.util.js';
import { standardIssuesToValidationIssues } from './standard-issues-to-validation-issues.util.js';

/** Enough for a client to fix a request; a hostile body cannot make the answer grow without bound. */
const MAX_REPORTED_ISSUES = 100;

/** Body problems are 422 (well-formed JSON, wrong content); query and path problems are 400. */
const ProblemTypeByParameterKind: Readonly<Record<ArgumentMetadata['type'], ProblemType>> = {
  body: 'invalid-request-body',
  query: 'invalid-query-parameter',
  param: 'invalid-path-parameter',
  custom: 'bad-request',
};

/**
 * Nest's Standard Schema pipe, answering with problem+json: one `{ pointer, message }` per
 * offending field instead of a flat list of strings.
 */
@Injectable()
export class ApiValidationPipe extends StandardSchemaValidationPipe {
  override async transform<T = unknown>(value: T, metadata: ArgumentMetadata): Promise<T> {
    const schema = metadata.schema;
    if (!schema || !this.toValidate(metadata)) {
      return value;
    }
    const result = await this.validate<T>(value, schema, this.validateOptions);
    if (!result.issues) {
      return result.value;
    }
    // `@Param('id')` validates the bare value: point at it by name within the parameter object.
    const prefix = typeof metadata.data === 'string' ? `/${escapeJsonPointerToken(metadata.data)}` : '';
    const errors = standardIssuesToValidationIssues(result.issues, prefix).slice(0, MAX_REPORTED_ISSUES);
    throw new ApiProblemException(ProblemTypeByParameterKind[metadata.type], describe(metadata.type, errors.length), errors);
  }
}

function describe(kind: ArgumentMetadata['type'], issueCount: number): string {
  const where = kind === 'body' ? 'request body' : kind === 'query' ? 'query parameters' : kind === 'param' ? 'path parameters' : 'request';
  return `The ${where} failed validation: ${issueCount} problem${issueCount === 1 ? '' : 's'}, see errors.`;
}
