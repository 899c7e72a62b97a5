import type { ArgumentMetadata } from '@nestjs/common';
import { toJsonPointer, type PathSegment } from './json-pointer.util.js';
import type { RequestValidationIssue } from './validation-issue.js';

/** A Standard Schema validation issue, typed through Nest's own re-use of the spec. */
type StandardSchema = NonNullable<ArgumentMetadata['schema']>;
type StandardResult = Awaited<ReturnType<StandardSchema['~standard']['validate']>>;
export type StandardIssue = NonNullable<StandardResult['issues']>[number];

/** Zod reports every extra key of a strict object in one issue; the API gives each its own pointer. */
interface UnrecognizedKeysIssue extends StandardIssue {
  readonly code: 'unrecognized_keys';
  readonly keys: readonly string[];
}

function isUnrecognizedKeysIssue(issue: StandardIssue): issue is UnrecognizedKeysIssue {
  const candidate = issue as Partial<UnrecognizedKeysIssue>;
  return candidate.code === 'unrecognized_keys' && Array.isArray(candidate.keys);
}

/**
 * Turns Standard Schema issues into `{ pointer, message }` pairs: one per offending field, so a
 * client can highlight each one (extra keys of a strict object are split, one pointer each).
 */
export function standardIssuesToValidationIssues(issues: readonly StandardIssue[], prefix = ''): RequestValidationIssue[] {
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
