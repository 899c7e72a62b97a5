import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BrokerHealthIndicator } from './broker.health-indicator.js';
import { HealthController } from './health.controller.js';
import { OutboxHealthIndicator } from './outbox.health-indicator.js';

/**
 * Liveness and readiness probes. The broker is asked through the `BrokerProbe` port, which
 * `brokerProbeFrom` (the messaging module) must export; `StoreReadings` and TypeORM's data
 * source come from the persistence module.
 */
@Module({})
export class HealthModule {
  static forRoot(options: { readonly brokerProbeFrom: Type<unknown> | DynamicModule }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), options.brokerProbeFrom],
      controllers: [HealthController],
      providers: [BrokerHealthIndicator, OutboxHealthIndicator],
    };
  }
}
