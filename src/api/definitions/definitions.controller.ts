import { Controller, Get, Param, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyScopes } from '../../orchestration/auth/api-key-scope.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { DefinitionCatalogService } from '../../orchestration/definition-catalog.service.js';
import { DefinitionNotFoundError } from '../../orchestration/errors/definition-not-found.error.js';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator.js';
import { ApiProblemException } from '../problem/api-problem.exception.js';
import { ApiValidationPipe } from '../validation/api-validation.pipe.js';
import { toDefinitionResponse } from './definition-response.mapper.js';
import { DefinitionListResponseSchema, DefinitionNameSchema, DefinitionResponseSchema, type DefinitionResponse } from './definition.schemas.js';

/** The registered saga definitions (latest version of each). */
@ApiTags('definitions')
@Controller('v1/definitions')
@UsePipes(ApiValidationPipe)
export class DefinitionsController {
  constructor(private readonly catalog: DefinitionCatalogService) {}

  @Get()
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiEndpoint({
    summary: 'List saga definitions',
    success: [{ status: 200, description: 'The latest version of every definition.', schema: DefinitionListResponseSchema }],
    problems: [],
  })
  async list(): Promise<DefinitionResponse[]> {
    return (await this.catalog.list()).map(toDefinitionResponse);
  }

  @Get(':name')
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiEndpoint({
    summary: 'Read a saga definition: steps in order and the input schema',
    success: [{ status: 200, description: 'The latest version.', schema: DefinitionResponseSchema }],
    problems: ['invalid-path-parameter', 'definition-not-found'],
  })
  async get(@Param('name', { schema: DefinitionNameSchema }) name: string): Promise<DefinitionResponse> {
    try {
      return toDefinitionResponse(await this.catalog.get(name));
    } catch (error) {
      // Here the definition is the resource itself: 404, not the 422 a start request gets.
      if (error instanceof DefinitionNotFoundError) throw new ApiProblemException('definition-not-found', error.message);
      throw error;
    }
  }
}
