import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { DefaultJsonLimits } from './api/json-guard/json-limits.js';
import { setupHttp } from './api/http-setup.js';
import { AppModule } from './app.module.js';
import { type AppConfig, loadAppConfig } from './config/app-config.js';
import { InvalidAppConfigError } from './config/invalid-app-config.error.js';
import { dashboardContentSecurityPolicy } from './ui/dashboard-content-security-policy.js';
import { DASHBOARD_PATH, serveDashboard } from './ui/serve-dashboard.js';

/** Validates the environment before anything connects: a bad one exits with the list of problems. */
function configOrExit(): AppConfig {
  try {
    return loadAppConfig();
  } catch (error) {
    if (!(error instanceof InvalidAppConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/**
 * Graceful shutdown on SIGTERM/SIGINT: `app.close()` runs the shutdown hooks (the reply consumer
 * stops consuming and lets in-flight messages commit and ack; the relay and timer pollers stop;
 * connections and pools close), then the process exits 0 with a log line. Nest's own
 * `enableShutdownHooks` re-raises the signal instead, so the exit would look like a kill.
 * If closing hangs past `timeoutMs`, exit 1 anyway.
 */
function closeOnSignal(app: NestExpressApplication, logger: Logger, timeoutMs: number): void {
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      logger.log(`${signal} received: no new work is taken; finishing in-flight work before exiting`);
      setTimeout(() => {
        process.stderr.write(`Shutdown took longer than ${timeoutMs} ms; exiting.\n`);
        process.exit(1);
      }, timeoutMs).unref();
      app.close().then(
        () => {
          logger.log('saga-coordinator stopped cleanly');
          process.exit(0);
        },
        (error: unknown) => {
          process.stderr.write(`saga-coordinator shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
          process.exit(1);
        },
      );
    });
  }
}

async function bootstrap(): Promise<void> {
  // The one parse of the environment: every module receives this object.
  const config = configOrExit();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  closeOnSignal(app, logger, config.shutdownTimeoutMs);
  setupHttp(app, {
    jsonLimits: { ...DefaultJsonLimits, bodyLimit: config.httpBodyLimit },
    contentSecurityPolicies: { [DASHBOARD_PATH]: dashboardContentSecurityPolicy() },
  });
  serveDashboard(app);
  // Idle sockets outlive the clients' own keep-alive (Node's 5 s default raced fetch's reuse of a socket
  // the server was closing: "other side closed"); headersTimeout longer still, as Node asks.
  const server = app.getHttpServer();
  server.keepAliveTimeout = config.httpKeepAliveTimeoutMs;
  server.headersTimeout = config.httpKeepAliveTimeoutMs + 1000;
  await app.listen(config.port, config.host);
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  logger.log(
    `saga-coordinator listening on http://${host}:${config.port} (dashboard: http://${host}:${config.port}/ui/, API docs: http://${host}:${config.port}/docs)`,
  );
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`saga-coordinator failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
