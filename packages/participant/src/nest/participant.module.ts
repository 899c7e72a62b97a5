import { Module } from '@nestjs/common';
import type { DynamicModule, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { createParticipant, Participant } from '../core/participant.js';
import type { ParticipantOptions } from '../core/participant-options.js';
import { PARTICIPANT_OPTIONS } from './participant-module-options.js';
import type { ParticipantModuleAsyncOptions } from './participant-module-options.js';
import { ParticipantExplorer } from './participant-explorer.service.js';

const participantProvider: Provider = {
  provide: Participant,
  useFactory: (options: ParticipantOptions<unknown>) => createParticipant(options),
  inject: [PARTICIPANT_OPTIONS],
};

/**
 * Makes a Nest application a saga participant: methods decorated with `@SagaStep` /
 * `@SagaCompensation` on any provider are registered at bootstrap, and the participant is
 * started in `onApplicationBootstrap` and stopped in `beforeApplicationShutdown` (call
 * `app.enableShutdownHooks()` so SIGTERM drains in-flight commands). The `Participant` is
 * injectable. Semantics (ack, retry, idempotency) are those of `createParticipant`.
 */
@Module({})
export class ParticipantModule {
  /** Static options. */
  static forRoot<Tx>(options: ParticipantOptions<Tx>): DynamicModule {
    return {
      module: ParticipantModule,
      imports: [DiscoveryModule],
      providers: [{ provide: PARTICIPANT_OPTIONS, useValue: options }, participantProvider, ParticipantExplorer],
      exports: [Participant],
    };
  }

  /** Options built by a factory from injected providers (configuration, a `pg.Pool`). */
  static forRootAsync(options: ParticipantModuleAsyncOptions): DynamicModule {
    return {
      module: ParticipantModule,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      providers: [
        { provide: PARTICIPANT_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        participantProvider,
        ParticipantExplorer,
      ],
      exports: [Participant],
    };
  }
}
