import { NestFactory } from '@nestjs/core';
import type { ParticipantLogger } from '@saga-coordinator/participant';
import type { ExampleEnvironment } from '../example-environment.util.js';
import type { RunningParticipant } from '../run-until-signal.util.js';
import { ShippingModule } from './shipping.module.js';

/** Starts the shipping participant as a Nest application context (no HTTP server). */
export async function startShippingParticipant(env: ExampleEnvironment, logger?: ParticipantLogger): Promise<RunningParticipant> {
  const app = await NestFactory.createApplicationContext(ShippingModule.forRoot(env, logger), { logger: ['error', 'warn'] });
  await app.init();
  return { stop: () => app.close() };
}
