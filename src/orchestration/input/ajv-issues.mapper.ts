import type { ErrorObject } from 'ajv';
import type { ValidationIssue } from '../errors/invalid-saga-input.error.js';

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
function escapePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Where an Ajv error points: its `instancePath`, extended with the missing property for
 * `required` and the extra property for `additionalProperties`, so every problem names the
 * exact field. The empty pointer means the whole input.
 */
export function ajvErrorPointer(error: ErrorObject): string {
  const params = error.params as { missingProperty?: unknown; additionalProperty?: unknown };
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    return `${error.instancePath}/${escapePointerToken(params.missingProperty)}`;
  }
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return `${error.instancePath}/${escapePointerToken(params.additionalProperty)}`;
  }
  return error.instancePath;
}

/** One `{ pointer, message }` per Ajv error, duplicates removed, in Ajv's order. */
export function ajvErrorsToIssues(errors: readonly ErrorObject[] | null | undefined): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const error of errors ?? []) {
    const issue = { pointer: ajvErrorPointer(error), message: error.message ?? `must pass "${error.keyword}"` };
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}
