import { Module, RequestMethod, type INestApplication, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiModule } from '../../../src/api/api.module.js';
import { setupHttp, type HttpSetupOptions } from '../../../src/api/http-setup.js';
import { InMemorySagaService, inMemoryServicesModule } from './in-memory-services.js';

/**
 * A pass-through middleware on every route, bound the way nestjs-pino binds the composition root's
 * request logger: Express 5 registers it as a route for every method, which must not turn unknown
 * paths into 405s.
 */
@Module({})
class PassThroughMiddlewareModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply((_request: unknown, _response: unknown, next: () => void) => next()).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}

export interface ApiTestApp {
  app: INestApplication;
  sagas: InMemorySagaService;
}

/** The API module exactly as production wires it (ApiModule + setupHttp), over in-memory services. */
export async function createApiTestApp(options: HttpSetupOptions = {}): Promise<ApiTestApp> {
  const sagas = new InMemorySagaService();
  const moduleRef = await Test.createTestingModule({ imports: [inMemoryServicesModule(sagas), PassThroughMiddlewareModule, ApiModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  setupHttp(app, options);
  await app.init();
  return { app, sagas };
}
