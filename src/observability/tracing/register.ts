/**
 * OpenTelemetry bootstrap, loaded before the application:
 *
 *   OTEL_ENABLED=true OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 \
 *     node --import ./dist/src/observability/tracing/register.js dist/src/main.js
 *
 * The same flag works for participant processes (they then record their SDK spans). Only the
 * libraries the services talk through are instrumented (http, express, pg, amqplib), one package
 * each rather than the 41 of auto-instrumentations-node. This must run before those modules are
 * imported, hence `--import` rather than an import in main.ts; ESM modules are patched through
 * the instrumentation loader hook registered here. Off unless enabled (config/tracing-settings.ts).
 */
import { register } from 'node:module';
import { basename } from 'node:path';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { redactQueryString } from '../../config/log-redaction.js';
import { tracingSettingsFromEnvironment } from '../../config/tracing-settings.js';

const defaultServiceName = process.argv[1]?.includes('/examples/order/')
  ? `order-${basename(process.argv[1].replace(/\/main\.js$/, ''))}`
  : 'saga-coordinator';
const settings = tracingSettingsFromEnvironment(defaultServiceName);

if (settings.enabled) {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const sdk = new NodeSDK({
    serviceName: settings.serviceName,
    // Only the libraries this service talks through (pino gets trace ids from our own mixin).
    instrumentations: [
      // Health probes and scrapes would drown the saga traces.
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => /^\/(health|metrics)/.test(request.url ?? ''),
        // Every query value hidden, as in the request log: the instrumentation's own list knows cloud signatures, not `api_key` or input search values.
        startIncomingSpanHook: (request) => {
          const url = redactQueryString(request.url ?? '');
          const start = url.indexOf('?');
          return start === -1 ? {} : { 'url.query': url.slice(start + 1) };
        },
      }),
      new ExpressInstrumentation(),
      // Only queries of traced work: the outbox and timer polls would otherwise start a trace every few hundred ms.
      new PgInstrumentation({ requireParentSpan: true }),
      new AmqplibInstrumentation(),
    ],
  });
  sdk.start();
  // Flush the last spans on a normal shutdown; the app's own SIGTERM handling exits afterwards.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void sdk.shutdown().catch(() => undefined));
  }
}
