import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditActions } from '../../orchestration/audit/audit-action.js';
import { ApiKeyScopes } from '../../orchestration/auth/api-key-scope.js';
import { BulkOperationService } from '../../orchestration/bulk/bulk-operation.service.js';
import { Audited } from '../auth/audited.decorator.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { ApiEndpoint, JsonBodyProblems } from '../openapi/api-endpoint.decorator.js';
import { ApiValidationPipe } from '../validation/api-validation.pipe.js';
import { toBulkItemPageResponse, toBulkOperationPageResponse, toBulkOperationResponse } from './bulk-operation-response.mapper.js';
import {
  BulkDryRunResponseSchema,
  BulkItemPageResponseSchema,
  BulkOperationIdSchema,
  BulkOperationPageResponseSchema,
  BulkOperationResponseSchema,
  CreateBulkOperationRequestSchema,
  ListBulkItemsQuerySchema,
  ListBulkOperationsQuerySchema,
  type BulkDryRunResponse,
  type BulkItemPageResponse,
  type BulkOperationPageResponse,
  type BulkOperationResponse,
  type CreateBulkOperationRequest,
  type ListBulkItemsQuery,
  type ListBulkOperationsQuery,
} from './bulk-operation.schemas.js';

/** The part of the response the create endpoint sets itself (200 for a dry run, 202 and Location for an operation). */
interface CreateResponseLike {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

const NOT_FOUND = ['invalid-path-parameter', 'bulk-operation-not-found'] as const;

/** Bulk operator actions (docs/bulk-operations.md). Thin: validate, call one BulkOperationService method, map. */
@ApiTags('bulk-operations')
@Controller('v1/bulk-operations')
@UsePipes(ApiValidationPipe)
export class BulkOperationsController {
  constructor(private readonly bulk: BulkOperationService) {}

  @Post()
  @RequireScope(ApiKeyScopes.SagasBulkOperate)
  @Audited(AuditActions.BulkOperationCreate)
  @ApiEndpoint({
    summary: 'Cancel, retry or resolve every saga a filter matches',
    description:
      'First `dryRun: true`: the number of sagas the filter (the fields of GET /v1/sagas) matches now, and a few of their ids; nothing is written, not even an audit row. ' +
      "Then the same body with `expectedCount` set to that number: the matched saga ids are stored as the operation's items (a snapshot: later sagas never join) and workers on every replica apply the single operator action to each, " +
      'in the transaction that marks its item done and writes its audit row (`saga.cancel`, `saga.retry` or `saga.resolve`, detail `bulk operation <id>`): exactly once, across crashes. ' +
      'A saga that refuses the action (e.g. no longer COMPENSATION_FAILED) is skipped with the reason. Another count than expectedCount answers 409 and writes nothing; more than BULK_MAX_MATCHED_SAGAS, 422. ' +
      'Needs `sagas:bulk-operate`; the creation is audited as `bulk-operation.create`.',
    success: [
      { status: 200, description: 'Dry run: the count; nothing was written.', schema: BulkDryRunResponseSchema },
      {
        status: 202,
        description: 'Created; the sagas are acted on asynchronously (follow GET /v1/bulk-operations/{id}).',
        schema: BulkOperationResponseSchema,
        headers: { Location: { description: 'The operation: `/v1/bulk-operations/{id}`.', schema: { type: 'string' } } },
      },
    ],
    problems: [...JsonBodyProblems, 'invalid-request-body', 'bulk-count-mismatch', 'bulk-too-many-sagas'],
  })
  async create(
    @Body({ schema: CreateBulkOperationRequestSchema }) body: CreateBulkOperationRequest,
    @Res({ passthrough: true }) response: CreateResponseLike,
  ): Promise<BulkDryRunResponse | BulkOperationResponse> {
    if (body.dryRun === true) {
      response.status(200);
      const { matched, sample } = await this.bulk.dryRun(body.filter);
      return { dryRun: true, matched, sample: [...sample] };
    }
    const operation = await this.bulk.create(
      {
        action: body.action,
        filter: body.filter,
        ...(body.step === undefined ? {} : { step: body.step }),
        ...(body.reason === undefined ? {} : { reason: body.reason }),
      },
      body.expectedCount!,
    );
    response.status(202);
    response.setHeader('location', `/v1/bulk-operations/${operation.id}`);
    return toBulkOperationResponse(operation);
  }

  @Get()
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiEndpoint({
    summary: 'List bulk operations, newest first, with their progress',
    success: [{ status: 200, description: 'One page.', schema: BulkOperationPageResponseSchema }],
    problems: ['invalid-query-parameter'],
  })
  async list(@Query({ schema: ListBulkOperationsQuerySchema }) query: ListBulkOperationsQuery): Promise<BulkOperationPageResponse> {
    return toBulkOperationPageResponse(await this.bulk.list(query.limit + 1, query.before), query.limit);
  }

  @Get(':id')
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiEndpoint({
    summary: 'Read a bulk operation and its progress',
    success: [{ status: 200, description: 'The operation, with its items counted per outcome.', schema: BulkOperationResponseSchema }],
    problems: [...NOT_FOUND],
  })
  async get(@Param('id', { schema: BulkOperationIdSchema }) id: string): Promise<BulkOperationResponse> {
    return toBulkOperationResponse(await this.bulk.get(id));
  }

  @Get(':id/items')
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiEndpoint({
    summary: "A bulk operation's sagas and what happened to each, in saga id order",
    success: [{ status: 200, description: 'One page.', schema: BulkItemPageResponseSchema }],
    problems: [...NOT_FOUND, 'invalid-query-parameter'],
  })
  async items(
    @Param('id', { schema: BulkOperationIdSchema }) id: string,
    @Query({ schema: ListBulkItemsQuerySchema }) query: ListBulkItemsQuery,
  ): Promise<BulkItemPageResponse> {
    return toBulkItemPageResponse(await this.bulk.items(id, query.limit + 1, query.after, query.outcome), query.limit);
  }

  @Post(':id/cancel')
  @RequireScope(ApiKeyScopes.SagasBulkOperate)
  @Audited(AuditActions.BulkOperationCancel, { param: 'id' })
  @HttpCode(200)
  @ApiEndpoint({
    summary: 'Cancel a bulk operation',
    description:
      'Its pending items are not acted on (they end `cancelled`); sagas already acted on stay as they are, and an item a worker holds at that moment finishes first. ' +
      'A finished or cancelled operation answers 409. Needs `sagas:bulk-operate`; audited as `bulk-operation.cancel`.',
    success: [{ status: 200, description: 'Cancelled.', schema: BulkOperationResponseSchema }],
    problems: [...NOT_FOUND, 'bulk-operation-not-cancellable'],
  })
  async cancel(@Param('id', { schema: BulkOperationIdSchema }) id: string): Promise<BulkOperationResponse> {
    return toBulkOperationResponse(await this.bulk.cancel(id));
  }
}
