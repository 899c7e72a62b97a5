import { Inject, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { createConsoleLogger, type ParticipantLogger } from '@saga-coordinator/participant';
import { ensureDatabase } from '../example-environment.util.js';
import { OrderParticipants } from '../order-participants.js';
import { applySchemaMigrations } from '../schema-migrations.util.js';
import { ShippingMigrations } from './shipping.migrations.js';

/** Injection token of the shipping service's `pg.Pool`. */
export const SHIPPING_POOL = Symbol('SHIPPING_POOL');

/** The shipping database: created and migrated when the pool is built, closed at shutdown (after the participant stopped). */
@Module({})
export class ShippingDatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(SHIPPING_POOL) private readonly pool: pg.Pool) {}

  static forRoot(databaseUrl: string, logger: ParticipantLogger = createConsoleLogger(OrderParticipants.shipping)): DynamicModule {
    return {
      module: ShippingDatabaseModule,
      global: true,
      providers: [
        {
          provide: SHIPPING_POOL,
          useFactory: async (): Promise<pg.Pool> => {
            await ensureDatabase(databaseUrl);
            const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
            // A terminated backend of an idle connection emits 'error' on the pool: heard here, the
            // pool just drops that client (unheard, the process would crash).
            pool.on('error', (error) => logger.warn({ error: error.message }, 'idle PostgreSQL connection lost'));
            await applySchemaMigrations(pool, OrderParticipants.shipping, ShippingMigrations);
            return pool;
          },
        },
      ],
      exports: [SHIPPING_POOL],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
