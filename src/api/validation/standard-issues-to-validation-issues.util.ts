import type { StandardSchemaV1 } from '@standard-schema/spec';
import { toJsonPointer, type PathSegment } from './json-pointer.util.js';
import type { RequestValidationIssue } from './validation-issue.js';

/** Zod reports every extra key of a strict object in one issue; the API gives each its own pointer. */
interface UnrecognizedKeysIssue extends StandardSchemaV1.Issue {
  readonly code: 'unrecognized_keys';
  readonly keys: readonly string[];
}

function isUnrecognizedKeysIssue(issue: StandardSchemaV1.Issue): issue is UnrecognizedKeysIssue {
  const candidate = issue as Partial<UnrecognizedKeysIssue>;
  return candidate.code === 'unrecognized_keys' && Array.isArray(candidate.keys);
}

/**
 * Turns Standard Schema issues into `{ pointer, message }` pairs: one per offending field, so a
 * client can highlight each one (extra keys of a strict object are split, one pointer each).
 */
export function standardIssuesToValidationIssues(
  issues: readonly StandardSchemaV1.Issue[],
  prefix = '',
): RequestValidationIssue[] {
  return issues.flatMap((issue): RequestValidationIssue[] => {
    const path: PathSegment[] = [...(issue.path ?? [])];
    if (isUnrecognizedKeysIssue(issue)) {
      return issue.keys.map((key) => ({
        pointer: toJsonPointer([...path, key], prefix),
        message: 'Unknown field: not allowed here.',
      }));
    }
    return [{ pointer: toJsonPointer(path, prefix), message: issue.message }];
  });
}
