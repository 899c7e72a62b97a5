import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type pg from 'pg';
import type { ParticipantLogger } from '@saga-coordinator/participant';
import { ParticipantModule } from '@saga-coordinator/participant/nest';
import type { ExampleEnvironment } from '../example-environment.util.js';
import { OrderParticipants } from '../order-participants.js';
import { SHIPPING_POOL, ShippingDatabaseModule } from './shipping-database.module.js';
import { ShippingSteps } from './shipping-steps.service.js';

/** The shipping participant as a Nest application: the decorated `ShippingSteps` on the SDK's module. */
@Module({})
export class ShippingModule {
  static forRoot(env: ExampleEnvironment, logger?: ParticipantLogger): DynamicModule {
    return {
      module: ShippingModule,
      imports: [
        ShippingDatabaseModule.forRoot(env.databaseUrl, logger),
        ParticipantModule.forRootAsync({
          inject: [SHIPPING_POOL],
          useFactory: (pool: pg.Pool) => ({
            name: OrderParticipants.shipping,
            rabbitmqUrl: env.rabbitmqUrl,
            declareSharedTopology: env.declareSharedTopology,
            fence: { pool, schema: OrderParticipants.shipping },
            ...(logger !== undefined ? { logger } : {}),
          }),
        }),
      ],
      providers: [ShippingSteps],
    };
  }
}
