import { Controller, Get, Optional, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { AppConfig, loadAppConfig } from '../../config/app-config.js';
import { ApiKeyScopes } from '../../orchestration/auth/api-key-scope.js';
import { SagaChangeFeed } from '../../orchestration/monitoring/saga-change-feed.service.js';
import { SagaCountsService } from '../../orchestration/monitoring/saga-counts.service.js';
import { getRequestActor } from '../auth/request-actor.util.js';
import { RequireScope } from '../auth/require-scope.decorator.js';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator.js';
import { SagaChangeEventSchema, SagaCountsResponseSchema, type SagaCountsResponse } from './saga.schemas.js';
import { openSagaEventStream, type EventStreamLimits, type EventStreamRequest, type EventStreamResponse } from './saga-event-stream.util.js';
import { SagaStreamSlots } from './saga-stream-slots.service.js';

/**
 * What the dashboard watches: counts per status and a live stream of saga changes. Registered
 * before `SagasController` so that `counts` and `stream` are not taken for a saga id.
 */
@ApiTags('sagas')
@Controller('v1/sagas')
export class SagaMonitorController {
  private readonly streamLimits: EventStreamLimits;

  constructor(
    private readonly counts: SagaCountsService,
    private readonly feed: SagaChangeFeed,
    private readonly slots: SagaStreamSlots,
    @Optional() config?: AppConfig,
  ) {
    const { streamIdleTimeoutMs, streamMaxBufferedBytes } = config ?? loadAppConfig({});
    this.streamLimits = { idleTimeoutMs: streamIdleTimeoutMs, maxBufferedBytes: streamMaxBufferedBytes };
  }

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
      '(read with fetch, not EventSource, which cannot send headers). The server ends the stream when it shuts down, after `STREAM_IDLE_TIMEOUT_MS` ' +
      'without a saga event, and drops a reader more than `STREAM_MAX_BUFFERED_BYTES` behind; reconnect and re-read the list then. ' +
      'One API key may hold `STREAM_MAX_PER_KEY` streams open, all callers `STREAM_MAX_TOTAL` (per replica); one more gets 429.',
    success: [{ status: 200, description: 'The stream; each event `event: saga` with `data: <SagaSummary JSON>`.', schema: SagaChangeEventSchema }],
    problems: ['stream-limit-reached'],
  })
  stream(@Req() request: EventStreamRequest, @Res() response: EventStreamResponse): void {
    // The guard ran first: every caller here has a principal (a key, or auth-disabled).
    const release = this.slots.take(getRequestActor(request)?.principal?.id ?? 'anonymous');
    openSagaEventStream(this.feed, request, response, this.streamLimits, release);
  }
}
