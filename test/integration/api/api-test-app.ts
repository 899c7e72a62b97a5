import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiModule } from '../../../src/api/api.module.js';
import { setupHttp, type HttpSetupOptions } from '../../../src/api/http-setup.js';
import { InMemorySagaService, inMemoryServicesModule } from './in-memory-services.js';

export interface ApiTestApp {
  app: INestApplication;
  sagas: InMemorySagaService;
}

/** The API module exactly as production wires it (ApiModule + setupHttp), over in-memory services. */
export async function createApiTestApp(options: HttpSetupOptions = {}): Promise<ApiTestApp> {
  const sagas = new InMemorySagaService();
  const moduleRef = await Test.createTestingModule({ imports: [inMemoryServicesModule(sagas), ApiModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  setupHttp(app, options);
  await app.init();
  return { app, sagas };
}
