import { Inject, Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Participant } from '../core/participant.js';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { CompensateSchemas, ExecuteSchemas } from '../core/command-schemas.js';
import type { CompensateHandler, ExecuteHandler } from '../core/step-handler.js';
import { SagaHandlerMetadata } from './saga-handler-metadata.js';

/** A decorated method found at bootstrap. */
interface DiscoveredHandler {
  readonly kind: 'step' | 'compensation';
  readonly command: string;
  readonly handler: ExecuteHandler<unknown> & CompensateHandler<unknown>;
  readonly schemas:
    (ExecuteSchemas<StandardSchemaV1 | undefined, StandardSchemaV1 | undefined> & CompensateSchemas<StandardSchemaV1 | undefined>) | undefined;
  readonly where: string;
}

/**
 * Finds the `@SagaStep` / `@SagaCompensation` methods of every singleton provider at bootstrap,
 * registers them on the participant and starts it; stops it before the application shuts down
 * (stop consuming, finish in-flight commands, close).
 */
@Injectable()
export class ParticipantExplorer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(Participant) private readonly participant: Participant<unknown>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const found of this.explore()) {
      try {
        if (found.kind === 'step') this.participant.handle(found.command, found.schemas ?? {}, found.handler);
        else this.participant.compensate(found.command, found.schemas ?? {}, found.handler);
      } catch (error) {
        throw new Error(`Cannot register ${found.where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    await this.participant.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.participant.stop();
  }

  /** Every decorated method of every statically scoped provider. */
  explore(): DiscoveredHandler[] {
    const found: DiscoveredHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      // Request-scoped providers have no single instance to bind a handler to.
      if (typeof instance !== 'object' || instance === null || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object | null;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = (instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const decorated = fn as (this: object, ...args: Parameters<DiscoveredHandler['handler']>) => unknown;
        // What it returns is checked when the command runs (acceptHandlerResult).
        const handler = ((command, ctx) => decorated.call(instance, command, ctx)) as DiscoveredHandler['handler'];
        const where = `${String(wrapper.name)}.${method}`;
        const schemas = this.reflector.get<DiscoveredHandler['schemas']>(SagaHandlerMetadata.schemas, fn);
        const step = this.reflector.get<string | undefined>(SagaHandlerMetadata.step, fn);
        if (step !== undefined) found.push({ kind: 'step', command: step, handler, schemas, where });
        const compensation = this.reflector.get<string | undefined>(SagaHandlerMetadata.compensation, fn);
        if (compensation !== undefined) found.push({ kind: 'compensation', command: compensation, handler, schemas, where });
      }
    }
    return found;
  }
}
