import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';
import type { ParticipantOptions } from '../core/participant-options.js';

/** Injection token of the resolved `ParticipantOptions`. */
export const PARTICIPANT_OPTIONS = Symbol('PARTICIPANT_OPTIONS');

/** `ParticipantModule.forRootAsync` options: build the participant options from other providers (config, a pg pool). */
export interface ParticipantModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  /** Returns the participant's options; `fence` may name a pool or a transaction adapter (TypeORM, Knex). */
  /* eslint-disable @typescript-eslint/no-explicit-any -- handlers typed by their schemas' payloads are accepted whatever the payload type; unknown cannot say that (handler parameters are contravariant) */
  readonly useFactory: (...args: never[]) => ParticipantOptions<any> | Promise<ParticipantOptions<any>>;
  /* eslint-enable @typescript-eslint/no-explicit-any */
  readonly inject?: FactoryProvider['inject'];
}
