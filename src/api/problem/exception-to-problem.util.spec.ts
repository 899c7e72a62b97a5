import { BadRequestException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { DefinitionNotFoundError } from '../../orchestration/errors/definition-not-found.error.js';
import { ParticipantNotFoundError } from '../../orchestration/errors/participant-not-found.error.js';
import { IdempotencyKeyInProgressError } from '../../orchestration/errors/idempotency-key-in-progress.error.js';
import { IdempotencyKeyReusedError } from '../../orchestration/errors/idempotency-key-reused.error.js';
import { InvalidCursorError } from '../../orchestration/errors/invalid-cursor.error.js';
import { InvalidSagaInputError } from '../../orchestration/errors/invalid-saga-input.error.js';
import { SagaNotFoundError } from '../../orchestration/errors/saga-not-found.error.js';
import { StoreUnavailableError } from '../../orchestration/errors/store-unavailable.error.js';
import { ApiProblemException } from './api-problem.exception.js';
import { exceptionToProblem, type ProblemRequestContext } from './exception-to-problem.util.js';

const context = (allowed: string[] = []): ProblemRequestContext => ({ method: 'GET', path: '/v1/sagas/x', allowedMethods: () => allowed });

/** body-parser raises http-errors objects; Nest wraps those under 500 in an HttpException with the original as cause. */
function bodyParserError(status: number, type: string): HttpException {
  const cause = Object.assign(new Error('raw parser message at /internal/path'), { status, statusCode: status, type, expose: true });
  return new HttpException(cause.message, status, { cause });
}

describe(exceptionToProblem.name, () => {
  it.each([
    [new SagaNotFoundError('x'), 404, 'saga-not-found'],
    [new DefinitionNotFoundError('nope'), 422, 'unknown-definition'],
    [new ParticipantNotFoundError('billing'), 404, 'participant-not-found'],
    [new IdempotencyKeyReusedError('k'), 422, 'idempotency-key-reused'],
    [new IdempotencyKeyInProgressError('k'), 409, 'idempotency-key-in-progress'],
    [new InvalidCursorError(), 400, 'invalid-cursor'],
    [new StoreUnavailableError(new Error('ECONNREFUSED 10.0.0.5:5432')), 503, 'store-unavailable'],
  ])('maps %s to its status and type, keeping the precise message', (error, status, type) => {
    const { body } = exceptionToProblem(error, context());
    expect(body).toEqual({
      type: `urn:saga-coordinator:problem:${type}`,
      title: expect.any(String),
      status,
      detail: error.message,
      instance: '/v1/sagas/x',
    });
  });

  it('tells the client when to retry after the store was unavailable', () => {
    expect(exceptionToProblem(new StoreUnavailableError(), context()).headers).toEqual({ 'retry-after': '5' });
  });

  it('points invalid saga input issues into the request body under /input', () => {
    const error = new InvalidSagaInputError('order', [{ pointer: '/items/0/quantity', message: 'must be integer' }]);
    expect(exceptionToProblem(error, context()).body.errors).toEqual([{ pointer: '/input/items/0/quantity', message: 'must be integer' }]);
  });

  it('passes the API layer’s own problems through with their errors and headers', () => {
    const error = new ApiProblemException('invalid-path-parameter', 'bad id', [{ pointer: '/id', message: 'Invalid UUID' }]);
    expect(exceptionToProblem(error, context()).body).toMatchObject({
      status: 400,
      detail: 'bad id',
      errors: [{ pointer: '/id', message: 'Invalid UUID' }],
    });
  });

  it('finds an API problem thrown from the body parser hook under the HttpException Nest wrapped it in', () => {
    const error = new HttpException('wrapped', 400, { cause: new ApiProblemException('json-too-deep', 'too deep') });
    expect(exceptionToProblem(error, context()).body).toMatchObject({
      status: 400,
      type: 'urn:saga-coordinator:problem:json-too-deep',
      detail: 'too deep',
    });
  });

  it.each([
    ['entity.too.large', 413, 413, 'payload-too-large'],
    ['entity.parse.failed', 400, 400, 'malformed-json'],
    ['encoding.unsupported', 415, 415, 'unsupported-media-type'],
  ])('maps body-parser error %s to %i without its raw message', (type, status, expected, problemType) => {
    const { body } = exceptionToProblem(bodyParserError(status, type), context());
    expect(body).toMatchObject({ status: expected, type: `urn:saga-coordinator:problem:${problemType}` });
    expect(body.detail).not.toContain('/internal/path');
  });

  it('answers 404 for a path no route has', () => {
    expect(exceptionToProblem(new NotFoundException('Cannot GET /nope'), context([])).body).toMatchObject({
      status: 404,
      type: 'urn:saga-coordinator:problem:route-not-found',
    });
  });

  it('answers 405 with Allow for a path that other methods serve', () => {
    const { body, headers } = exceptionToProblem(new NotFoundException('Cannot GET /v1/sagas/x'), context(['HEAD', 'POST']));
    expect(body.status).toBe(405);
    expect(headers).toEqual({ allow: 'HEAD, POST' });
  });

  it('keeps the status of other HTTP errors as an about:blank problem', () => {
    expect(exceptionToProblem(new BadRequestException('Bad thing'), context()).body).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Bad thing',
      instance: '/v1/sagas/x',
    });
  });

  it('keeps the status of a 5xx HttpException other than 500 (a readiness 503) without its message', () => {
    const { body } = exceptionToProblem(new HttpException({ database: { status: 'down', message: 'ECONNREFUSED db.internal' } }, 503), context());
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'The service cannot answer this request right now; retry later.',
      instance: '/v1/sagas/x',
    });
  });

  it('maps a 4xx HttpException like PayloadTooLarge by its status', () => {
    expect(exceptionToProblem(new PayloadTooLargeException(), context()).body.status).toBe(413);
  });

  it.each([
    new Error('password=hunter2 at db.internal'),
    new TypeError('x is undefined'),
    'a string',
    null,
    new HttpException('db.internal down', 500),
  ])('answers anything unexpected (%s) with a generic 500 that reveals nothing', (thrown) => {
    expect(exceptionToProblem(thrown, context())).toEqual({
      body: {
        type: 'urn:saga-coordinator:problem:internal-error',
        title: 'Internal server error',
        status: 500,
        detail: 'An unexpected error occurred; it has been logged. Retry later or contact the operator.',
        instance: '/v1/sagas/x',
      },
      headers: {},
    });
  });
});
