/**
 * OpenTelemetry bootstrap, loaded before the application:
 *
 *   OTEL_ENABLED=true OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 \
 *     node --import ./dist/src/observability/tracing/register.js dist/src/main.js
 *
 * The same flag works for participant processes (they then record their SDK spans). It must
 * run before the instrumented modules (http, express, pg, amqplib) are imported, hence
 * `--import` rather than an import in main.ts; ESM modules are patched through the
 * instrumentation loader hook registered here. Off unless enabled (config/tracing-settings.ts).
 */
import { register } from 'node:module';
import { basename } from 'node:path';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { tracingSettingsFromEnvironment } from '../../config/tracing-settings.js';

const defaultServiceName = process.argv[1]?.includes('/examples/order/')
  ? `order-${basename(process.argv[1].replace(/\/main\.js$/, ''))}`
  : 'saga-coordinator';
const settings = tracingSettingsFromEnvironment(defaultServiceName);

if (settings.enabled) {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const sdk = new NodeSDK({
    serviceName: settings.serviceName,
    instrumentations: [
      getNodeAutoInstrumentations({
        // Noise without insight for this service; pino gets trace ids from our own mixin.
        '@opentelemetry/instrumentation-fs': { enabled: false },
        '@opentelemetry/instrumentation-dns': { enabled: false },
        '@opentelemetry/instrumentation-net': { enabled: false },
        '@opentelemetry/instrumentation-pino': { enabled: false },
        // Only queries of traced work: the outbox and timer polls would otherwise start a trace every few hundred ms.
        '@opentelemetry/instrumentation-pg': { requireParentSpan: true },
        // Health probes and scrapes would drown the saga traces.
        '@opentelemetry/instrumentation-http': {
          ignoreIncomingRequestHook: (request) => /^\/(health|metrics)/.test(request.url ?? ''),
        },
      }),
    ],
  });
  sdk.start();
  // Flush the last spans on a normal shutdown; the app's own SIGTERM handling exits afterwards.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void sdk.shutdown().catch(() => undefined));
  }
}
