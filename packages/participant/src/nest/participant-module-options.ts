import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';
import type { ParticipantOptions } from '../core/participant-options.js';

/** Injection token of the resolved `ParticipantOptions`. */
export const PARTICIPANT_OPTIONS = Symbol('PARTICIPANT_OPTIONS');

/** `ParticipantModule.forRootAsync` options: build the participant options from other providers (config, a pg pool). */
export interface ParticipantModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly useFactory: (...args: never[]) => ParticipantOptions | Promise<ParticipantOptions>;
  readonly inject?: FactoryProvider['inject'];
}
