import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiKeyScopes } from '../../orchestration/auth/api-key-scope.js';
import { SagaChangeFeed } from '../../orchestration/monitoring/saga-change-feed.service.js';
import { SagaCountsService } from '../../orchestration/monitoring/saga-counts.service.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator.js';
import { SagaChangeEventSchema, SagaCountsResponseSchema, type SagaCountsResponse } from './saga.schemas.js';
import { openSagaEventStream, type EventStreamRequest, type EventStreamResponse } from './saga-event-stream.util.js';

/**
 * What the dashboard watches: counts per status and a live stream of saga changes. Registered
 * before `SagasController` so that `counts` and `stream` are not taken for a saga id.
 */
@ApiTags('sagas')
@Controller('v1/sagas')
export class SagaMonitorController {
  constructor(
    private readonly counts: SagaCountsService,
    private readonly feed: SagaChangeFeed,
  ) {}

  @Get('counts')
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiEndpoint({
    summary: 'Count sagas per status, and those that need attention',
    success: [{ status: 200, description: 'The counts now.', schema: SagaCountsResponseSchema }],
    problems: [],
  })
  async countSagas(): Promise<SagaCountsResponse> {
    return this.counts.counts();
  }

  @Get('stream')
  @RequireScope(ApiKeyScopes.SagasRead)
  @ApiProduces('text/event-stream')
  @ApiEndpoint({
    summary: 'Stream saga changes (Server-Sent Events)',
    description:
      'An open `text/event-stream`: one `saga` event whose data is the saga summary (JSON) each time a saga changes, on any replica, ' +
      'within about a second; a comment line every 15 s keeps proxies from closing it. Send the API key in the Authorization or X-API-Key header ' +
      '(read with fetch, not EventSource, which cannot send headers). The server ends the stream when it shuts down; reconnect and re-read the list then.',
    success: [{ status: 200, description: 'The stream; each event `event: saga` with `data: <SagaSummary JSON>`.', schema: SagaChangeEventSchema }],
    problems: [],
  })
  stream(@Req() request: EventStreamRequest, @Res() response: EventStreamResponse): void {
    openSagaEventStream(this.feed, request, response);
  }
}
