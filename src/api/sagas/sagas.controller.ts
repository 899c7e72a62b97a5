import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UsePipes } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import { AuditActions } from '../../orchestration/audit/audit-action.js';
import { ApiKeyScopes } from '../../orchestration/auth/api-key-scope.js';
import { Audited } from '../auth/audited.decorator.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { SagaOutcomeWaiter } from '../../orchestration/outcomes/saga-outcome-waiter.service.js';
import { SagaService } from '../../orchestration/sagas/saga.service.js';
import type { SagaView } from '../../orchestration/views/saga.view.js';
import { ApiEndpoint, JsonBodyProblems } from '../openapi/api-endpoint.decorator.js';
import { ApiValidationPipe } from '../validation/api-validation.pipe.js';
import { IdempotencyKey } from '../validation/idempotency-key.decorator.js';
import { PreferWait } from '../validation/prefer-wait.decorator.js';
import { toSagaPageResponse, toSagaResponse, toStepLogResponse } from './saga-response.mapper.js';
import {
  SignalRequestSchema,
  CancelSagaRequestSchema,
  ListSagasQuerySchema,
  ResolveStepRequestSchema,
  SagaIdSchema,
  SagaPageResponseSchema,
  SagaResponseSchema,
  StartSagaRequestSchema,
  StepLogResponseSchema,
  StepNameSchema,
  type CancelSagaRequest,
  type ListSagasQuery,
  type ResolveStepRequest,
  type SagaPageResponse,
  type SagaResponse,
  type StartSagaRequest,
  type StepLogResponse,
} from './saga.schemas.js';

/** The part of the response the endpoints set themselves (status, Location, Preference-Applied vary). */
interface ResponseLike {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

const LOCATION_HEADER = { Location: { description: 'The saga: `/v1/sagas/{id}`.', schema: { type: 'string' } } } as const;

const PREFERENCE_APPLIED_HEADER = {
  'Preference-Applied': {
    description: 'Sent when a `Prefer: wait` was honoured: `wait=<seconds>` actually granted (at most WAIT_MAX_SECONDS).',
    schema: { type: 'string', pattern: '^wait=\\d+$' },
  },
} as const;

/** The `Prefer` request header, as both endpoints that can wait document it. */
const PREFER_HEADER = {
  name: 'Prefer',
  required: false,
  description:
    '`wait=<seconds>` (RFC 7240): answer once the saga is settled (COMPLETED, COMPENSATED or COMPENSATION_FAILED) or the wait is over, ' +
    'whichever comes first; then as without waiting. At most WAIT_MAX_SECONDS (default 60) is granted, and `Preference-Applied` says how long. ' +
    'COMPENSATION_FAILED ends a wait because nothing more happens to the saga until an operator acts. Other preferences, and a `wait` ' +
    'that is not a whole number of seconds, are ignored. Too many waiting requests (per process or per API key) answer 429 `too-many-waiters`.',
  schema: { type: 'string' },
  example: 'wait=10',
} as const;

/** Start sagas and read them. Thin: validate, call one SagaService method, map the result. */
@ApiTags('sagas')
@Controller('v1/sagas')
@UsePipes(ApiValidationPipe)
export class SagasController {
  constructor(
    private readonly sagas: SagaService,
    private readonly outcomes: SagaOutcomeWaiter,
  ) {}

  @Post()
  @RequireScope(ApiKeyScopes.SagasStart)
  @Audited(AuditActions.SagaStart, { body: 'definition' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Client-chosen key (1..200 visible ASCII). The same key with the same body returns the original saga (200).',
    schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$' },
  })
  @ApiHeader(PREFER_HEADER)
  @ApiEndpoint({
    summary: 'Start a saga',
    description:
      'Validates the input against the definition, stores the saga and sends its first command. ' +
      'A repeat with the same Idempotency-Key and body answers 200 with the original saga; with another body 422; while the first is still being created 409. ' +
      'With `Prefer: wait=<seconds>` the answer waits for the saga to settle (200 with the settled saga), else comes as without waiting once the wait is over.',
    success: [
      {
        status: 202,
        description: 'Started; it runs asynchronously (or did not settle within the wait).',
        schema: SagaResponseSchema,
        headers: { ...LOCATION_HEADER, ...PREFERENCE_APPLIED_HEADER },
      },
      {
        status: 200,
        description:
          'An earlier request with the same Idempotency-Key and body started it; or, with `Prefer: wait`, the saga settled within the wait.',
        schema: SagaResponseSchema,
        headers: { ...LOCATION_HEADER, ...PREFERENCE_APPLIED_HEADER },
      },
    ],
    problems: [
      ...JsonBodyProblems,
      'invalid-request-body',
      'invalid-header',
      'unknown-definition',
      'invalid-saga-input',
      'idempotency-key-reused',
      'idempotency-key-in-progress',
      'in-flight-limit-reached',
      'too-many-waiters',
    ],
  })
  async start(
    @Body({ schema: StartSagaRequestSchema }) body: StartSagaRequest,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @PreferWait() wait: number | undefined,
    @Res({ passthrough: true }) response: ResponseLike,
  ): Promise<SagaResponse> {
    const start = () => this.sagas.start({ ...body, idempotencyKey });
    let answer: { saga: SagaView; created: boolean; settled: boolean };
    if (this.waits(wait)) {
      answer = await this.outcomes.wait(wait, start, (id) => this.sagas.get(id));
      this.applied(response, wait);
    } else {
      answer = { ...(await start()), settled: false };
    }
    const { saga, created, settled } = answer;
    // A settled saga is the request's final answer: 200, even for the request that created it.
    response.status(created && !settled ? 202 : 200);
    response.setHeader('location', `/v1/sagas/${saga.id}`);
    return toSagaResponse(saga);
  }

  @Get()
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiEndpoint({
    summary: 'List sagas, newest first',
    success: [{ status: 200, description: 'One page.', schema: SagaPageResponseSchema }],
    problems: ['invalid-query-parameter', 'invalid-cursor'],
  })
  async list(@Query({ schema: ListSagasQuerySchema }) query: ListSagasQuery): Promise<SagaPageResponse> {
    return toSagaPageResponse(await this.sagas.list(query));
  }

  @Get(':id')
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiHeader(PREFER_HEADER)
  @ApiEndpoint({
    summary: 'Read a saga and its steps',
    description: 'With `Prefer: wait=<seconds>` the answer waits until the saga is settled or the wait is over, whichever comes first.',
    success: [{ status: 200, description: 'The saga.', schema: SagaResponseSchema, headers: PREFERENCE_APPLIED_HEADER }],
    problems: ['invalid-path-parameter', 'saga-not-found', 'too-many-waiters'],
  })
  async get(
    @Param('id', { schema: SagaIdSchema }) id: string,
    @PreferWait() wait: number | undefined,
    @Res({ passthrough: true }) response: ResponseLike,
  ): Promise<SagaResponse> {
    if (!this.waits(wait)) return toSagaResponse(await this.sagas.get(id));
    const read = () => this.sagas.get(id);
    const { saga } = await this.outcomes.wait(wait, async () => ({ saga: await read() }), read);
    this.applied(response, wait);
    return toSagaResponse(saga);
  }

  /** True when the request asks for a wait the coordinator grants (a positive one). */
  private waits(wait: number | undefined): wait is number {
    return wait !== undefined && this.outcomes.appliedSeconds(wait) > 0;
  }

  /** Tells the client the wait was honoured, and for how long at most (RFC 7240 Preference-Applied). */
  private applied(response: ResponseLike, wait: number): void {
    response.setHeader('preference-applied', `wait=${this.outcomes.appliedSeconds(wait)}`);
  }

  @Post(':id/cancel')
  @RequireScope(ApiKeyScopes.SagasOperate)
  @Audited(AuditActions.SagaCancel, { param: 'id' })
  @HttpCode(202)
  @ApiBody({ required: false })
  @ApiEndpoint({
    summary: 'Cancel a saga',
    description:
      'A running saga turns back: the steps that succeeded are compensated in reverse order (a step whose command is out is awaited first). ' +
      'Idempotent: cancelling a saga that is already turning back answers 202 with it. A finished saga, or one whose pivot step has started, answers 409. ' +
      'The request and its reason are recorded in the step log.',
    success: [{ status: 202, description: 'Accepted; compensation runs asynchronously.', schema: SagaResponseSchema }],
    problems: [...JsonBodyProblems, 'invalid-request-body', 'invalid-path-parameter', 'saga-not-found', 'saga-not-cancellable'],
  })
  async cancel(
    @Param('id', { schema: SagaIdSchema }) id: string,
    @Body({ schema: CancelSagaRequestSchema }) body: CancelSagaRequest,
  ): Promise<SagaResponse> {
    // `by` stays unset until authentication supplies the operator.
    return toSagaResponse(await this.sagas.cancel(id, { ...(body?.reason === undefined ? {} : { reason: body.reason }) }));
  }

  @Post(':id/retry')
  @RequireScope(ApiKeyScopes.SagasOperate)
  @Audited(AuditActions.SagaRetry, { param: 'id' })
  @HttpCode(202)
  @ApiEndpoint({
    summary: 'Retry a saga whose compensation failed',
    description:
      'A COMPENSATION_FAILED saga tries the failed compensation again with a fresh retry budget, then continues compensating. ' +
      'Any other status answers 409. Recorded in the step log.',
    success: [{ status: 202, description: 'Accepted; compensation resumes asynchronously.', schema: SagaResponseSchema }],
    problems: ['invalid-path-parameter', 'saga-not-found', 'saga-not-retriable'],
  })
  async retry(@Param('id', { schema: SagaIdSchema }) id: string): Promise<SagaResponse> {
    return toSagaResponse(await this.sagas.retry(id));
  }

  @Post(':id/signals/:signal')
  @RequireScope(ApiKeyScopes.SagasOperate)
  @Audited(AuditActions.SagaSignal, { param: 'id' })
  @HttpCode(202)
  @ApiBody({ required: false })
  @ApiEndpoint({
    summary: 'Send a signal to a saga',
    description:
      'Every running wait step of the saga waiting for this signal succeeds with the body as its output (visible as outputs.<wait step> to later mappings), and the saga moves on. ' +
      'If no step waits for it (too early, already delivered, or the saga is not running) the answer is 409 and nothing changes. Recorded in the step log.',
    success: [{ status: 202, description: 'Accepted; the saga continues asynchronously.', schema: SagaResponseSchema }],
    problems: [...JsonBodyProblems, 'invalid-request-body', 'invalid-path-parameter', 'saga-not-found', 'signal-not-awaited'],
  })
  async signal(
    @Param('id', { schema: SagaIdSchema }) id: string,
    @Param('signal', { schema: StepNameSchema }) signal: string,
    @Body({ schema: SignalRequestSchema }) body: Record<string, unknown> | undefined,
  ): Promise<SagaResponse> {
    return toSagaResponse(await this.sagas.signal(id, signal, body ?? {}));
  }

  @Post(':id/steps/:step/resolve')
  @RequireScope(ApiKeyScopes.SagasOperate)
  @Audited(AuditActions.SagaResolve, { param: 'id' })
  @HttpCode(202)
  @ApiEndpoint({
    summary: 'Mark a step undone by hand',
    description:
      'An operator undid a step whose compensation failed (COMPENSATION_FAILED); the step becomes COMPENSATED and compensation continues with the steps before it. ' +
      'A step in any other status answers 409; a step the definition does not have, 404. The reason is recorded in the step log.',
    success: [{ status: 202, description: 'Accepted; compensation continues asynchronously.', schema: SagaResponseSchema }],
    problems: [...JsonBodyProblems, 'invalid-request-body', 'invalid-path-parameter', 'saga-not-found', 'step-not-found', 'step-not-resolvable'],
  })
  async resolveStep(
    @Param('id', { schema: SagaIdSchema }) id: string,
    @Param('step', { schema: StepNameSchema }) step: string,
    @Body({ schema: ResolveStepRequestSchema }) body: ResolveStepRequest,
  ): Promise<SagaResponse> {
    return toSagaResponse(await this.sagas.resolveStep(id, step, { reason: body.reason }));
  }

  @Get(':id/events')
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiEndpoint({
    summary: "Read a saga's step log, oldest first",
    success: [{ status: 200, description: 'The step log; `seq` strictly increasing.', schema: StepLogResponseSchema }],
    problems: ['invalid-path-parameter', 'saga-not-found'],
  })
  async events(@Param('id', { schema: SagaIdSchema }) id: string): Promise<StepLogResponse> {
    return toStepLogResponse(await this.sagas.events(id));
  }
}
