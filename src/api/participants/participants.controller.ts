import { Controller, Delete, Get, HttpCode, Param, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditActions } from '../../orchestration/audit/audit-action.js';
import { ApiKeyScopes } from '../../orchestration/auth/api-key-scope.js';
import { Audited } from '../auth/audited.decorator.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { ParticipantDirectoryService } from '../../orchestration/participants/participant-directory.service.js';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator.js';
import { ApiValidationPipe } from '../validation/api-validation.pipe.js';
import { toParticipantResponse } from './participant-response.mapper.js';
import { ParticipantListResponseSchema, ParticipantNameSchema, type ParticipantResponse } from './participant.schemas.js';

/** Participants that announced themselves. */
@ApiTags('participants')
@Controller('v1/participants')
@UsePipes(ApiValidationPipe)
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

  @Delete(':name')
  @RequireScope(ApiKeyScopes.SagasOperate)
  @Audited(AuditActions.ParticipantRemove, { param: 'name' })
  @HttpCode(204)
  @ApiEndpoint({
    summary: 'Remove an announced participant from the directory',
    description:
      'Forgets a participant that announced itself, e.g. a decommissioned service, so that `GET /v1/participants` and the dashboard stop listing it. ' +
      'It needs `sagas:operate`, the operator scope: removing a participant is an operator decision about what runs, not a change to the saga definitions (`definitions:write`). ' +
      'Only the directory entry goes: routing never depends on announcements, so sagas, definitions and the queue `saga.participant.<name>` in RabbitMQ are untouched ' +
      '(delete the queue in RabbitMQ once the service is gone for good). ' +
      'A participant that still runs re-announces itself at its next announcement (the SDK every 30 s) and reappears: stop it first. ' +
      'Recorded in the audit log (`participant.remove`), in the same transaction as the removal.',
    success: [{ status: 204, description: 'Removed.' }],
    problems: ['invalid-path-parameter', 'participant-not-found'],
  })
  async remove(@Param('name', { schema: ParticipantNameSchema }) name: string): Promise<void> {
    await this.directory.remove(name);
  }
}
