import { Controller, Get, Query, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditTrailService } from '../../orchestration/audit/audit-trail.service.js';
import { ApiKeyScopes } from '../../orchestration/auth/api-key-scope.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator.js';
import { ApiValidationPipe } from '../validation/api-validation.pipe.js';
import { toAuditPageResponse } from './audit-response.mapper.js';
import { AuditPageResponseSchema, ListAuditQuerySchema, type AuditPageResponse, type ListAuditQuery } from './audit.schemas.js';

/** The audit log of mutating calls, for operators. */
@ApiTags('audit')
@Controller('v1/audit')
@UsePipes(ApiValidationPipe)
export class AuditController {
  constructor(private readonly audit: AuditTrailService) {}

  @Get()
  @RequireScope(ApiKeyScopes.SagasOperate)
  @ApiEndpoint({
    summary: 'List audit entries, newest first',
    description: 'One entry per mutating call (start, cancel, retry, resolve, signal, register), refused ones included.',
    success: [{ status: 200, description: 'One page.', schema: AuditPageResponseSchema }],
    problems: ['invalid-query-parameter', 'invalid-cursor'],
  })
  async list(@Query({ schema: ListAuditQuerySchema }) query: ListAuditQuery): Promise<AuditPageResponse> {
    return toAuditPageResponse(await this.audit.list(query));
  }
}
