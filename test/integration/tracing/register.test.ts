import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestInfrastructure, type TestInfrastructure } from '../../support/test-infrastructure.js';

const run = promisify(execFile);
/** The built bootstrap (`npm test` builds first), loaded as the docs say: `node --import`. */
const REGISTER = resolve(import.meta.dirname, '../../../dist/src/observability/tracing/register.js');
const PROGRAM = resolve(import.meta.dirname, 'instrumented-program.mjs');

/** A span as OTLP/JSON carries it, with the instrumentation scope that made it. */
interface ExportedSpan {
  scope: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
}
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: { scope: { name: string }; spans: { name: string; kind: number; attributes?: OtlpAttribute[] }[] }[];
  }[];
}

const attributes = (list: OtlpAttribute[] = []): Record<string, unknown> =>
  Object.fromEntries(list.map(({ key, value }) => [key, value.stringValue ?? value.intValue ?? value.boolValue]));

/**
 * register.js, as a process loads it: tracing switched on by an OTLP endpoint, only the four
 * instrumentations the service needs (http, express, pg, amqplib), health probes and unparented
 * queries left out, and the spans flushed on SIGTERM. The spans go to a small OTLP/HTTP receiver
 * in this test.
 */
describe('the tracing bootstrap (register.js)', () => {
  let infra: TestInfrastructure;
  let receiver: Server;
  let endpoint: string;
  const spans: ExportedSpan[] = [];
  const services = new Set<unknown>();

  beforeAll(async () => {
    infra = await createTestInfrastructure('saga_register');
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
        for (const resourceSpans of body.resourceSpans) {
          services.add(attributes(resourceSpans.resource.attributes)['service.name']);
          for (const { scope, spans: list } of resourceSpans.scopeSpans) {
            for (const span of list) spans.push({ scope: scope.name, name: span.name, kind: span.kind, attributes: attributes(span.attributes) });
          }
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((listening) => receiver.listen(0, '127.0.0.1', listening));
    endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/traces`;
  });

  afterAll(async () => {
    await new Promise((closed) => receiver?.close(closed));
    await infra?.dispose();
  });

  it('records http, express, pg and amqplib spans and nothing else, and flushes them on SIGTERM', async () => {
    await run(process.execPath, ['--import', REGISTER, PROGRAM], {
      env: {
        ...process.env,
        OTEL_ENABLED: undefined,
        OTEL_SDK_DISABLED: undefined,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'register-test',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        DATABASE_URL: infra.databaseUrl,
        RABBITMQ_URL: infra.rabbitmqUrl,
      },
      timeout: 60_000,
    });

    expect([...services]).toEqual(['register-test']);
    expect(new Set(spans.map((span) => span.scope))).toEqual(
      new Set([
        '@opentelemetry/instrumentation-http',
        '@opentelemetry/instrumentation-express',
        '@opentelemetry/instrumentation-pg',
        '@opentelemetry/instrumentation-amqplib',
        'instrumented-program',
      ]),
    );
    // Server spans (kind 2): the health probe is not traced.
    const serverSpans = spans.filter((span) => span.scope === '@opentelemetry/instrumentation-http' && span.kind === 2);
    expect(serverSpans.map((span) => span.attributes['url.path'])).toEqual(['/hello']);
    // Query values are hidden, names kept (as in the request log).
    expect(serverSpans.map((span) => span.attributes['url.query'])).toEqual(['api_key=[REDACTED]&status=[REDACTED]']);
    expect(JSON.stringify(spans)).not.toContain('sk_secret_in_query');
    expect(spans.some((span) => span.scope === '@opentelemetry/instrumentation-express' && span.attributes['http.route'] === '/hello')).toBe(true);
    // Queries inside a span are traced; the one outside is not (requireParentSpan).
    const queries = spans
      .filter((span) => span.scope === '@opentelemetry/instrumentation-pg')
      .map((span) => String(span.attributes['db.query.text']));
    expect(queries).toContain('SELECT 1 AS parented');
    expect(queries.filter((text) => text.includes('unparented'))).toEqual([]);
    // A producer span (kind 4) for the publish.
    expect(spans.some((span) => span.scope === '@opentelemetry/instrumentation-amqplib' && span.kind === 4)).toBe(true);
  });
});
