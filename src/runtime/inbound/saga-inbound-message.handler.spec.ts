import { Global, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../config/app-config.js';
import { AppConfigModule } from '../../config/app-config.module.js';
import type { StepReplyMessage } from '@saga-coordinator/contracts';
import { type ProcessedReply, SagaMetrics } from '../../observability/metrics/saga-metrics.port.js';
import { NoopSagaTracer, SagaTracer } from '../../observability/tracing/saga-tracer.port.js';
import { testSaga } from '../../saga-engine/testing/definition-fixture.js';
import { DefinitionSource } from '../ports/definition-source.port.js';
import { SagaStore } from '../ports/saga-store.port.js';
import { RuntimeModule } from '../runtime.module.js';
import { SagaRuntime } from '../saga-runtime.service.js';
import { InMemoryDefinitionSource } from '../testing/in-memory-definition-source.js';
import { InMemorySagaStore } from '../testing/in-memory-saga-store.js';
import { TimerScheduler } from '../timers/timer-scheduler.service.js';
import { InboundMessageHandler } from './inbound-message-handler.port.js';

const definition = testSaga(['reserve', 'charge'], { name: 'two-steps' });
const UNKNOWN = '0190a000-0000-7000-8000-000000000000';

/** Records what the handler reports to the metrics. */
class RecordingMetrics extends SagaMetrics {
  readonly replies: ProcessedReply[] = [];
  decisionCommitted(): void {}
  replyProcessed(event: ProcessedReply): void {
    this.replies.push(event);
  }
  messageDeadLettered(): void {}
  inboundRefused(): void {}
  housekeepingBatch(): void {}
}

function reply(sagaId: string, overrides: Partial<StepReplyMessage> = {}): StepReplyMessage {
  return {
    messageId: `${sagaId}:reserve:execute:1:reply`,
    sagaId,
    step: 'reserve',
    participant: 'reserve-service',
    kind: 'execute',
    attempt: 1,
    outcome: 'succeeded',
    output: {},
    repliedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  } as StepReplyMessage;
}

describe('SagaInboundMessageHandler', () => {
  let moduleRef: TestingModule;
  let store: InMemorySagaStore;
  let metrics: RecordingMetrics;
  let sut: InboundMessageHandler;
  let sagaId: string;

  beforeEach(async () => {
    store = new InMemorySagaStore();
    metrics = new RecordingMetrics();
    @Global()
    @Module({
      providers: [
        { provide: SagaStore, useValue: store },
        { provide: DefinitionSource, useValue: new InMemoryDefinitionSource([definition]) },
        { provide: SagaMetrics, useValue: metrics },
        { provide: SagaTracer, useClass: NoopSagaTracer },
      ],
      exports: [SagaStore, DefinitionSource, SagaMetrics, SagaTracer],
    })
    class PortsModule {}
    moduleRef = await Test.createTestingModule({ imports: [AppConfigModule.forRoot(loadAppConfig({})), PortsModule, RuntimeModule] }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    await moduleRef.get(TimerScheduler).stop();
    sut = moduleRef.get(InboundMessageHandler);
    sagaId = (await moduleRef.get(SagaRuntime).create({ prepare: async () => ({ definition, input: {} }) })).saga.id;
  });

  afterEach(() => moduleRef.close());

  it('applies a reply and reports it with its definition', async () => {
    expect(await sut.handleReply(reply(sagaId))).toEqual({ kind: 'applied' });
    expect(metrics.replies.map(({ definition, result }) => ({ definition, result }))).toEqual([{ definition: 'two-steps', result: 'applied' }]);
  });

  it('rejects a reply for an unknown saga, reporting no definition', async () => {
    expect(await sut.handleReply(reply(UNKNOWN))).toEqual({ kind: 'rejected', reason: `unknown saga ${UNKNOWN}` });
    expect(metrics.replies[0]).toMatchObject({ definition: undefined, result: 'rejected' });
  });

  it('rejects a reply from a participant that does not own the step', async () => {
    expect(await sut.handleReply(reply(sagaId, { participant: 'mallory' }))).toEqual({
      kind: 'rejected',
      reason: 'participant mallory does not own step reserve',
      refusal: 'step-not-owned',
    });
  });

  it("refuses a child result naming a saga that is not the node's child, and applies nothing", async () => {
    const message = {
      messageId: 'm-3',
      parentSagaId: sagaId,
      step: 'reserve',
      childSagaId: UNKNOWN,
      status: 'COMPLETED' as const,
      output: {},
      sentAt: '2026-01-01T00:00:00.000Z',
    };
    expect(await sut.handleCoordinatorMessage({ type: 'child-finished', message })).toEqual({
      kind: 'rejected',
      reason: `saga ${UNKNOWN} is not the child of node reserve of saga ${sagaId}`,
      refusal: 'not-the-child',
    });
    expect(store.inbox()).not.toContain('m-3');
  });

  it('treats a request to undo a child saga that was never created as done', async () => {
    const message = {
      messageId: 'm-1',
      childSagaId: UNKNOWN,
      parentSagaId: sagaId,
      step: 'pay',
      reason: 'cancel' as const,
      sentAt: '2026-01-01T00:00:00.000Z',
    };
    expect(await sut.handleCoordinatorMessage({ type: 'compensate-child', message })).toEqual({ kind: 'duplicate' });
  });

  it("rejects a request to undo a saga that is not the sender's child", async () => {
    const message = {
      messageId: 'm-2',
      childSagaId: sagaId,
      parentSagaId: UNKNOWN,
      step: 'pay',
      reason: 'cancel' as const,
      sentAt: '2026-01-01T00:00:00.000Z',
    };
    expect(await sut.handleCoordinatorMessage({ type: 'compensate-child', message })).toEqual({
      kind: 'rejected',
      reason: `saga ${sagaId} is not a child of ${UNKNOWN}`,
    });
    expect(store.inbox()).not.toContain('m-2');
  });
});
