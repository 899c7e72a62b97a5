import { Body, Controller, Get, Param, Post, Query, Res, UsePipes } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { SagaService } from '../../orchestration/saga.service.js';
import { ApiEndpoint, JsonBodyProblems } from '../openapi/api-endpoint.decorator.js';
import { ApiValidationPipe } from '../validation/api-validation.pipe.js';
import { IdempotencyKey } from '../validation/idempotency-key.decorator.js';
import { toSagaPageResponse, toSagaResponse, toStepLogResponse } from './saga-response.mapper.js';
import {
  ListSagasQuerySchema,
  SagaIdSchema,
  SagaPageResponseSchema,
  SagaResponseSchema,
  StartSagaRequestSchema,
  StepLogResponseSchema,
  type ListSagasQuery,
  type SagaPageResponse,
  type SagaResponse,
  type StartSagaRequest,
  type StepLogResponse,
} from './saga.schemas.js';

/** The part of the response the start endpoint sets itself (status and Location vary). */
interface StartResponseLike {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

const LOCATION_HEADER = { Location: { description: 'The saga: `/v1/sagas/{id}`.', schema: { type: 'string' } } } as const;

/** Start sagas and read them. Thin: validate, call one SagaService method, map the result. */
@ApiTags('sagas')
@Controller('v1/sagas')
@UsePipes(ApiValidationPipe)
export class SagasController {
  constructor(private readonly sagas: SagaService) {}

  @Post()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Client-chosen key (1..200 visible ASCII). The same key with the same body returns the original saga (200).',
    schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$' },
  })
  @ApiEndpoint({
    summary: 'Start a saga',
    description:
      'Validates the input against the definition, stores the saga and sends its first command. ' +
      'A repeat with the same Idempotency-Key and body answers 200 with the original saga; with another body 422; while the first is still being created 409.',
    success: [
      { status: 202, description: 'Started; it runs asynchronously.', schema: SagaResponseSchema, headers: LOCATION_HEADER },
      { status: 200, description: 'An earlier request with the same Idempotency-Key and body started it.', schema: SagaResponseSchema, headers: LOCATION_HEADER },
    ],
    problems: [...JsonBodyProblems, 'invalid-request-body', 'invalid-header', 'unknown-definition', 'invalid-saga-input', 'idempotency-key-reused', 'idempotency-key-in-progress'],
  })
  async start(
    @Body({ schema: StartSagaRequestSchema }) body: StartSagaRequest,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: StartResponseLike,
  ): Promise<SagaResponse> {
    const { saga, created } = await this.sagas.start({ ...body, idempotencyKey });
    response.status(created ? 202 : 200);
    response.setHeader('location', `/v1/sagas/${saga.id}`);
    return toSagaResponse(saga);
  }

  @Get()
  @ApiEndpoint({
    summary: 'List sagas, newest first',
    success: [{ status: 200, description: 'One page.', schema: SagaPageResponseSchema }],
    problems: ['invalid-query-parameter', 'invalid-cursor'],
  })
  async list(@Query({ schema: ListSagasQuerySchema }) query: ListSagasQuery): Promise<SagaPageResponse> {
    return toSagaPageResponse(await this.sagas.list(query));
  }

  @Get(':id')
  @ApiEndpoint({
    summary: 'Read a saga and its steps',
    success: [{ status: 200, description: 'The saga.', schema: SagaResponseSchema }],
    problems: ['invalid-path-parameter', 'saga-not-found'],
  })
  async get(@Param('id', { schema: SagaIdSchema }) id: string): Promise<SagaResponse> {
    return toSagaResponse(await this.sagas.get(id));
  }

  @Get(':id/events')
  @ApiEndpoint({
    summary: "Read a saga's step log, oldest first",
    success: [{ status: 200, description: 'The step log; `seq` strictly increasing.', schema: StepLogResponseSchema }],
    problems: ['invalid-path-parameter', 'saga-not-found'],
  })
  async events(@Param('id', { schema: SagaIdSchema }) id: string): Promise<StepLogResponse> {
    return toStepLogResponse(await this.sagas.events(id));
  }
}
