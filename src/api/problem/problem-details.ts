import type { RequestValidationIssue } from '../validation/validation-issue.js';

/** Media type of every error response (RFC 9457). */
export const PROBLEM_JSON_MEDIA_TYPE = 'application/problem+json';

/** An RFC 9457 problem details body, as every error response of the API carries it. */
export interface ProblemDetails {
  /** `urn:saga-coordinator:problem:<kind>`; stable, switch on it. */
  type: string;
  title: string;
  status: number;
  /** What went wrong for this request, in words; never internal details. */
  detail: string;
  /** The request path the problem occurred on. */
  instance: string;
  /** One entry per offending field, when the problem is about the request's content. */
  errors?: RequestValidationIssue[];
}

/** A problem plus the response headers it needs (Allow, Retry-After). */
export interface ProblemResponse {
  body: ProblemDetails;
  headers: Record<string, string>;
}
