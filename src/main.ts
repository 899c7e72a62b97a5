import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { DefaultJsonLimits } from './api/json-guard/json-limits.js';
import { setupHttp } from './api/http-setup.js';
import { AppModule } from './app.module.js';
import { type AppConfig, loadAppConfig } from './config/app-config.js';
import { InvalidAppConfigError } from './config/invalid-app-config.error.js';

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

/** After SIGTERM/SIGINT Nest closes consumers, pollers and pools; if that hangs, exit anyway. */
function exitIfShutdownHangs(timeoutMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(`Shutdown took longer than ${timeoutMs} ms; exiting.\n`);
        process.exit(1);
      }, timeoutMs).unref();
    });
  }
}

async function bootstrap(): Promise<void> {
  const config = configOrExit();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  exitIfShutdownHangs(config.shutdownTimeoutMs);
  setupHttp(app, { jsonLimits: { ...DefaultJsonLimits, bodyLimit: config.httpBodyLimit } });
  await app.listen(config.port, config.host);
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  logger.log(`saga-coordinator listening on http://${host}:${config.port} (API docs: http://${host}:${config.port}/docs)`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`saga-coordinator failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
