import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { Logger as PinoNestLogger, LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupHttp } from '../../../src/api/http-setup.js';
import { ApiModule } from '../../../src/api/api.module.js';
import { loadAppConfig } from '../../../src/config/app-config.js';
import { AppConfigModule } from '../../../src/config/app-config.module.js';
import { ObservabilityModule } from '../../../src/observability/observability.module.js';
import { traceLogFields } from '../../../src/observability/tracing/trace-log-fields.mapper.js';
import { loggerParams } from '../../../src/config/logger-params.js';
import { MessagingModule } from '../../../src/messaging/messaging.module.js';
import { OrchestrationModule } from '../../../src/orchestration/orchestration.module.js';
import { StepResult } from '@saga-coordinator/participant';
import { PersistenceModule } from '../../../src/persistence/persistence.module.js';
import { defineSaga } from '../../../src/saga-engine/definition/saga-definition.builder.js';
import { startTestParticipant, type TestParticipant } from '../../e2e/fixtures/test-participant.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../../support/test-infrastructure.js';

const PARTICIPANT = 'trace-desk';
const quick = { initialDelayMs: 20, maxDelayMs: 20, backoffCoefficient: 1, jitter: 0 };

/** reserve errors once (a retry through a durable timer), charge refuses, reserve is compensated. */
const definition = defineSaga('trace-test')
  .version(1)
  .input({ type: 'object', properties: { key: { type: 'string' } }, required: ['key'], additionalProperties: false })
  .step('reserve', (s) =>
    s
      .participant(PARTICIPANT)
      .command('reserve')
      .compensation('release')
      .timeout(30_000)
      .retry({ maxAttempts: 2, ...quick }),
  )
  .step('charge', (s) => s.participant(PARTICIPANT).command('charge').compensation('refund').timeout(30_000).retry({ maxAttempts: 1 }))
  .build();

/** A log line as the coordinator writes it. */
interface LogLine {
  msg?: string;
  sagaId?: string;
  step?: string;
  attempt?: number;
  traceId?: string;
}

/**
 * One saga is one trace: the coordinator (Nest app) and an SDK participant run in this process
 * with an in-memory span exporter, and every span of the saga — start, command publishes,
 * participant handling, replies, the retry timer, the compensation — shares one trace id.
 */
describe('saga tracing across coordinator and participant', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const logs: LogLine[] = [];
  let infra: TestInfrastructure;
  let app: NestExpressApplication;
  let participant: TestParticipant;
  const reserveCalls = new Map<string, number>();

  beforeAll(async () => {
    provider.register();
    infra = await createTestInfrastructure('saga_tracing');
    const config = loadAppConfig({
      DATABASE_URL: infra.databaseUrl,
      RABBITMQ_URL: infra.rabbitmqUrl,
      AUTH_DISABLED: 'true',
      LOG_LEVEL: 'debug',
      TIMER_POLL_INTERVAL_MS: '50',
    });
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line) as LogLine);
        done();
      },
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: [loggerParams(config, traceLogFields).pinoHttp as Options, capture] }),
        PersistenceModule.forRoot(),
        ObservabilityModule.forRoot({ prometheus: true, openTelemetry: true }),
        OrchestrationModule.forRoot({ initialDefinitions: [definition] }),
        MessagingModule,
        ApiModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    app.useLogger(app.get(PinoNestLogger));
    setupHttp(app);
    await app.init();
    participant = await startTestParticipant(infra, PARTICIPANT, (p) =>
      p
        .handle('reserve', async (command) => {
          const key = (command.payload as { input: { key: string } }).input.key;
          const calls = (reserveCalls.get(key) ?? 0) + 1;
          reserveCalls.set(key, calls);
          if (calls === 1) throw new Error('stock service timed out');
          return StepResult.succeeded({ reserved: true });
        })
        .compensate('release', async () => StepResult.compensated())
        .handle('charge', async () => StepResult.failed('declined', 'card declined'))
        .compensate('refund', async () => StepResult.compensated()),
    );
  });

  afterAll(async () => {
    await participant?.stop();
    await app?.close();
    await infra?.dispose();
    await provider.shutdown();
    trace.disable();
  });

  it('puts every span of one saga, in the coordinator and in the participant, into one trace', async () => {
    const started = await request(app.getHttpServer())
      .post('/v1/sagas')
      .send({ definition: 'trace-test', input: { key: randomUUID() } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const sagaId = started.body.id as string;
    await eventually(
      async () => {
        const { body } = await request(app.getHttpServer()).get(`/v1/sagas/${sagaId}`);
        return body.status === 'COMPENSATED' ? body : undefined;
      },
      { timeoutMs: 20_000, what: 'the saga to be compensated' },
    );

    // The last reply's span ends after the saga row committed: wait for it.
    const spans = await eventually(
      async () => {
        const all = exporter.getFinishedSpans().filter((span) => span.attributes['saga.id'] === sagaId);
        return all.filter((span) => span.name === 'saga reply compensate').length === 1 ? all : undefined;
      },
      { what: 'the spans of the saga' },
    );
    const names = spans.map((span) => span.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'saga start',
        'trace-desk.reserve publish',
        'trace-desk.reserve process',
        'saga reply execute',
        'saga timer step-retry',
        'trace-desk.charge process',
        'trace-desk.release publish',
        'trace-desk.release process',
        'saga reply compensate',
      ]),
    );
    expect(names.filter((name) => name === 'trace-desk.reserve process')).toHaveLength(2);
    const root = spans.find((span) => span.name === 'saga start')!;
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toEqual(new Set([root.spanContext().traceId]));
    expect(parentId(root)).toBeUndefined();
    expect(spans.filter((span) => span !== root).every((span) => parentId(span) !== undefined)).toBe(true);
  });

  it('links each participant span to the coordinator span that published its command', () => {
    const spans = exporter.getFinishedSpans();
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
    const processed = spans.filter((span) => span.name.startsWith(`${PARTICIPANT}.`) && span.name.endsWith(' process'));

    expect(processed.length).toBeGreaterThanOrEqual(4);
    for (const span of processed) {
      expect(byId.get(parentId(span)!)?.name).toBe(span.name.replace(/ process$/, ' publish'));
    }
  });

  it('logs saga work with saga id, step, attempt and trace id', () => {
    const [root] = exporter.getFinishedSpans().filter((span) => span.name === 'saga start');
    const sagaId = root!.attributes['saga.id'];
    const sagaLines = logs.filter((line) => line.sagaId === sagaId && line.msg?.startsWith('StepReplyReceived'));

    expect(sagaLines.length).toBeGreaterThanOrEqual(4);
    for (const line of sagaLines) {
      expect(line).toMatchObject({ traceId: root!.spanContext().traceId, step: expect.any(String), attempt: expect.any(Number) });
    }
  });
});

function parentId(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}
