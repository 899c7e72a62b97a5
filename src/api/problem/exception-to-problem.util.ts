import { STATUS_CODES } from 'node:http';
import { HttpException, NotFoundException } from '@nestjs/common';
import { InvalidSagaDefinitionError } from '../../orchestration/errors/invalid-saga-definition.error.js';
import { InvalidSagaInputError } from '../../orchestration/errors/invalid-saga-input.error.js';
import { OperatorRefusalError } from '../../orchestration/errors/operator-refusals.js';
import { OrchestrationError } from '../../orchestration/errors/orchestration.error.js';
import { OrchestrationErrorCodes } from '../../orchestration/errors/orchestration-error-code.js';
import type { RequestValidationIssue } from '../validation/validation-issue.js';
import { ApiProblemException } from './api-problem.exception.js';
import {
  IN_FLIGHT_LIMIT_RETRY_AFTER_SECONDS,
  TOO_MANY_WAITERS_RETRY_AFTER_SECONDS,
  OperatorRefusalProblems,
  OrchestrationErrorProblems,
  STORE_UNAVAILABLE_RETRY_AFTER_SECONDS,
} from './orchestration-error-problems.js';
import type { ProblemResponse } from './problem-details.js';
import { ProblemTypes, problemTypeUri, type ProblemType } from './problem-types.js';

/** What the mapping needs to know about the request. */
export interface ProblemRequestContext {
  method: string;
  /** The request path without the query string: the problem's `instance`. */
  path: string;
  /** Methods other routes accept on this path; only asked for when no route matched. */
  allowedMethods(): string[];
}

/** body-parser error `type`s (set on the errors it raises) and what they mean to a client. */
const BodyParserErrorProblems: Readonly<Record<string, ProblemType>> = {
  'entity.too.large': 'payload-too-large',
  'entity.parse.failed': 'malformed-json',
  'encoding.unsupported': 'unsupported-media-type',
  'charset.unsupported': 'unsupported-media-type',
};

const BodyParserErrorDetails: Readonly<Partial<Record<ProblemType, string>>> = {
  'payload-too-large': 'The request body is larger than the server accepts.',
  'malformed-json': 'The request body is not valid JSON (or is truncated).',
  'unsupported-media-type': 'The request body uses a charset or content encoding the server does not accept.',
};

const UNAVAILABLE_DETAIL = 'The service cannot answer this request right now; retry later.';
const INTERNAL_ERROR_DETAIL = 'An unexpected error occurred; it has been logged. Retry later or contact the operator.';

function problem(
  type: ProblemType,
  detail: string,
  context: ProblemRequestContext,
  errors?: RequestValidationIssue[],
  headers: Record<string, string> = {},
): ProblemResponse {
  const { status, title } = ProblemTypes[type];
  const body = { type: problemTypeUri(type), title, status, detail, instance: context.path };
  return { body: errors === undefined ? body : { ...body, errors }, headers };
}

function fromOrchestrationError(error: OrchestrationError, context: ProblemRequestContext): ProblemResponse {
  const type = OrchestrationErrorProblems[error.code];
  if (error instanceof InvalidSagaInputError) {
    // The service points into the saga input; the client sent it under `/input` of the body.
    const errors = error.issues.map((issue) => ({ pointer: `/input${issue.pointer}`, message: issue.message }));
    return problem(type, error.message, context, errors);
  }
  if (error instanceof InvalidSagaDefinitionError) {
    return problem(
      type,
      error.message,
      context,
      error.problems.map(({ pointer, message }) => ({ pointer, message })),
    );
  }
  const headers: Record<string, string> =
    error.code === OrchestrationErrorCodes.StoreUnavailable
      ? { 'retry-after': String(STORE_UNAVAILABLE_RETRY_AFTER_SECONDS) }
      : error.code === OrchestrationErrorCodes.InFlightLimitReached
        ? { 'retry-after': String(IN_FLIGHT_LIMIT_RETRY_AFTER_SECONDS) }
        : error.code === OrchestrationErrorCodes.TooManyWaiters
          ? { 'retry-after': String(TOO_MANY_WAITERS_RETRY_AFTER_SECONDS) }
          : {};
  return problem(type, error.message, context, undefined, headers);
}

function bodyParserErrorType(cause: unknown): string | undefined {
  const type = (cause as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' ? type : undefined;
}

function fromHttpException(exception: HttpException, context: ProblemRequestContext): ProblemResponse {
  const cause = exception.cause;
  if (cause instanceof ApiProblemException) {
    return problem(cause.problemType, cause.detail, context, cause.errors, cause.headers);
  }
  const parserProblem = BodyParserErrorProblems[bodyParserErrorType(cause) ?? ''];
  if (parserProblem) {
    return problem(parserProblem, BodyParserErrorDetails[parserProblem] ?? exception.message, context);
  }
  const status = exception.getStatus();
  if (exception instanceof NotFoundException || status === 404) {
    return fromRouteMiss(context);
  }
  if (status === 500) {
    return problem('internal-error', INTERNAL_ERROR_DETAIL, context);
  }
  if (status > 500) {
    // E.g. a readiness check's 503: the status is the message; its body may hold internals.
    const title = STATUS_CODES[status] ?? 'Server error';
    return { body: { type: 'about:blank', title, status, detail: UNAVAILABLE_DETAIL, instance: context.path }, headers: {} };
  }
  // Any other 4xx of the HTTP layer: keep its status, say it in the standard words.
  const title = STATUS_CODES[status] ?? 'Client error';
  return {
    body: { type: 'about:blank', title, status, detail: exception.message || title, instance: context.path },
    headers: {},
  };
}

/** Only Nest's router throws NotFoundException in this API: the path/method pair has no route. */
function fromRouteMiss(context: ProblemRequestContext): ProblemResponse {
  const allowed = context.allowedMethods();
  if (allowed.length > 0) {
    return problem('method-not-allowed', `${context.method} is not allowed on ${context.path}; use ${allowed.join(', ')}.`, context, undefined, {
      allow: allowed.join(', '),
    });
  }
  return problem('route-not-found', `No route matches ${context.method} ${context.path}.`, context);
}

/**
 * Maps anything thrown while serving a request to an RFC 9457 problem. Known failures keep
 * their precise message; anything unexpected becomes a generic 500 that reveals nothing.
 */
export function exceptionToProblem(exception: unknown, context: ProblemRequestContext): ProblemResponse {
  if (exception instanceof ApiProblemException) {
    return problem(exception.problemType, exception.detail, context, exception.errors, exception.headers);
  }
  if (exception instanceof OrchestrationError) {
    return fromOrchestrationError(exception, context);
  }
  if (exception instanceof OperatorRefusalError) {
    return problem(OperatorRefusalProblems[exception.code], exception.message, context);
  }
  if (exception instanceof HttpException) {
    return fromHttpException(exception, context);
  }
  return problem('internal-error', INTERNAL_ERROR_DETAIL, context);
}
