import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ChildSagaResolver } from './children/child-saga-resolver.service.js';
import { DecisionWriter } from './decisions/decision-writer.service.js';
import { InboundMessageHandler } from './inbound/inbound-message-handler.port.js';
import { SagaInboundMessageHandler } from './inbound/saga-inbound-message.handler.js';
import { DecisionMetricsListener } from './post-commit/decision-metrics.listener.js';
import { PostCommitListeners } from './post-commit/post-commit-listeners.explorer.js';
import { SagaRuntime } from './saga-runtime.service.js';
import { TimerScheduler } from './timers/timer-scheduler.service.js';

/**
 * Decide-then-do: `SagaRuntime` (the one entry point), the post-commit listeners, the timer
 * scheduler and the inbound handler the messaging layer feeds. Global so that orchestration and
 * messaging reach it without importing it. Needs, from the composition root: `SagaStore`
 * (persistence), `DefinitionSource` (orchestration), `SagaMetrics` and `SagaTracer`
 * (observability), `AppConfig`.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    SagaRuntime,
    DecisionWriter,
    ChildSagaResolver,
    PostCommitListeners,
    DecisionMetricsListener,
    TimerScheduler,
    { provide: InboundMessageHandler, useClass: SagaInboundMessageHandler },
  ],
  exports: [SagaRuntime, TimerScheduler, InboundMessageHandler, PostCommitListeners],
})
export class RuntimeModule {}
