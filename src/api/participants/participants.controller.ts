import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyScopes } from '../../orchestration/auth/api-key-scope.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { ParticipantDirectoryService } from '../../orchestration/participants/participant-directory.service.js';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator.js';
import { toParticipantResponse } from './participant-response.mapper.js';
import { ParticipantListResponseSchema, type ParticipantResponse } from './participant.schemas.js';

/** Participants that announced themselves. */
@ApiTags('participants')
@Controller('v1/participants')
export class ParticipantsController {
  constructor(private readonly directory: ParticipantDirectoryService) {}

  @Get()
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiEndpoint({
    summary: 'List participants: the commands and compensations each handles, when last seen',
    success: [{ status: 200, description: 'Every participant that announced itself.', schema: ParticipantListResponseSchema }],
    problems: [],
  })
  async list(): Promise<ParticipantResponse[]> {
    return (await this.directory.list()).map(toParticipantResponse);
  }
}
