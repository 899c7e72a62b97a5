import { Body, Controller, Get, HttpCode, Param, Post, Res, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyScopes } from '../../orchestration/auth/api-key-scope.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { Audited } from '../auth/audited.decorator.js';
import { AuditActions } from '../../orchestration/audit/audit-action.js';
import { DefinitionJsonSchema } from '../../orchestration/definitions/definition-language.js';
import { JsonBodyProblems } from '../openapi/api-endpoint.decorator.js';
import { JsonObjectSchema } from '../common.schemas.js';
import { DefinitionCatalogService } from '../../orchestration/definitions/definition-catalog.service.js';
import { DefinitionNotFoundError } from '../../orchestration/errors/definition-not-found.error.js';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator.js';
import { ApiProblemException } from '../problem/api-problem.exception.js';
import { ApiValidationPipe } from '../validation/api-validation.pipe.js';
import { toDefinitionResponse } from './definition-response.mapper.js';
import {
  DefinitionListResponseSchema,
  DefinitionVersionListResponseSchema,
  DefinitionNameSchema,
  DefinitionResponseSchema,
  DefinitionValidationResponseSchema,
  DefinitionVersionSchema,
  RegisterDefinitionRequestSchema,
  type DefinitionResponse,
  type DefinitionValidationResponse,
} from './definition.schemas.js';

/** The slice of the HTTP response the register endpoint sets (status and Location). */
interface RegisterResponseLike {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

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

  @Get('schema')
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiEndpoint({
    summary: 'The JSON Schema of the definition language',
    description:
      'Structure only; the semantic rules (kind order, unique names, references, bounds) come back from validate and register as 422 problems.',
    success: [{ status: 200, description: 'JSON Schema draft 2020-12 (also docs/definition.schema.json).', schema: JsonObjectSchema }],
    problems: [],
  })
  schema(): unknown {
    return DefinitionJsonSchema;
  }

  @Post()
  @RequireScope(ApiKeyScopes.DefinitionsWrite)
  @Audited(AuditActions.DefinitionRegister, { body: 'name' })
  @ApiEndpoint({
    summary: 'Register a saga definition (a new version when the name exists)',
    description:
      'Without "version": a body identical to a registered version returns that version (200); otherwise it becomes the latest version + 1 (201). ' +
      'With "version": exactly that version; the same content answers 200, other content 409 (versions are immutable). ' +
      'Every problem answers 422 with a JSON pointer and a sentence. Running sagas stay on the version they started with.',
    success: [
      { status: 201, description: 'Registered as a new version.', schema: DefinitionResponseSchema },
      { status: 200, description: 'Identical to a registered version, which is returned.', schema: DefinitionResponseSchema },
    ],
    problems: [...JsonBodyProblems, 'invalid-request-body', 'invalid-definition', 'definition-version-conflict'],
  })
  async register(
    @Body({ schema: RegisterDefinitionRequestSchema }) body: Record<string, unknown>,
    @Res({ passthrough: true }) response: RegisterResponseLike,
  ): Promise<DefinitionResponse> {
    const { inserted, stored } = await this.catalog.registerJson(body);
    const { name, version } = stored.definition;
    response.status(inserted ? 201 : 200);
    response.setHeader('location', `/v1/definitions/${name}/versions/${version}`);
    return toDefinitionResponse(await this.catalog.getVersion(name, version));
  }

  @Post('validate')
  @RequireScope(ApiKeyScopes.DefinitionsWrite)
  @HttpCode(200)
  @ApiEndpoint({
    summary: 'Check a definition without registering it',
    success: [
      { status: 200, description: 'valid, and every problem with a JSON pointer into the body.', schema: DefinitionValidationResponseSchema },
    ],
    problems: [...JsonBodyProblems, 'invalid-request-body'],
  })
  async validate(@Body({ schema: RegisterDefinitionRequestSchema }) body: Record<string, unknown>): Promise<DefinitionValidationResponse> {
    const errors = (await this.catalog.jsonProblems(body)).map(({ pointer, message }) => ({ pointer, message }));
    return { valid: errors.length === 0, errors };
  }

  @Get(':name/versions')
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiEndpoint({
    summary: 'Read every version of a saga definition, oldest first',
    description: 'Each version as `GET /v1/definitions/{name}/versions/{version}` answers it (the dashboard diffs them).',
    success: [{ status: 200, description: 'Every registered version, oldest first.', schema: DefinitionVersionListResponseSchema }],
    problems: ['invalid-path-parameter', 'definition-not-found'],
  })
  async listVersions(@Param('name', { schema: DefinitionNameSchema }) name: string): Promise<DefinitionResponse[]> {
    try {
      return (await this.catalog.versions(name)).map(toDefinitionResponse);
    } catch (error) {
      if (error instanceof DefinitionNotFoundError) throw new ApiProblemException('definition-not-found', error.message);
      throw error;
    }
  }

  @Get(':name/versions/:version')
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiEndpoint({
    summary: 'Read one version of a saga definition',
    success: [{ status: 200, description: 'That version (immutable).', schema: DefinitionResponseSchema }],
    problems: ['invalid-path-parameter', 'definition-not-found'],
  })
  async getVersion(
    @Param('name', { schema: DefinitionNameSchema }) name: string,
    @Param('version', { schema: DefinitionVersionSchema }) version: number,
  ): Promise<DefinitionResponse> {
    try {
      return toDefinitionResponse(await this.catalog.getVersion(name, version));
    } catch (error) {
      if (error instanceof DefinitionNotFoundError) throw new ApiProblemException('definition-not-found', error.message);
      throw error;
    }
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
