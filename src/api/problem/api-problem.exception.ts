import type { RequestValidationIssue } from '../validation/validation-issue.js';
import { ProblemTypes, type ProblemType } from './problem-types.js';

/**
 * A failure the HTTP layer itself detects (bad JSON, bad parameters, unknown route…), thrown
 * from pipes, guards and middleware and turned into problem+json by the problem filter.
 */
export class ApiProblemException extends Error {
  /** Read by http-errors/body-parser when thrown from a `verify` hook: keeps our status. */
  readonly status: number;
  /** Tells http-errors the message is safe to show. */
  readonly expose = true;

  constructor(
    readonly problemType: ProblemType,
    readonly detail: string,
    readonly errors?: RequestValidationIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = ApiProblemException.name;
    this.status = ProblemTypes[problemType].status;
  }
}
