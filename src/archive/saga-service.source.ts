import { SagaNotFoundError } from '../orchestration/errors/saga-not-found.error.js';
import { toSagaResource, toStepLogResource } from '../orchestration/mappers/saga-resource.mapper.js';
import type { SagaService } from '../orchestration/sagas/saga.service.js';
import { ArchivedSagaSource, type SagaWithEvents } from './archived-saga.source.js';

/**
 * The sagas through the service behind `GET /v1/sagas/{id}` and `/events`, mapped as the API maps
 * them (redaction included: the archive keeps no more than the API shows), so an archived saga
 * reads back exactly as the API answered.
 */
export class SagaServiceSource extends ArchivedSagaSource {
  constructor(private readonly sagas: SagaService) {
    super();
  }

  async load(sagaId: string): Promise<SagaWithEvents | null> {
    try {
      const saga = toSagaResource(await this.sagas.get(sagaId));
      const events = toStepLogResource(await this.sagas.events(sagaId));
      return { saga, events };
    } catch (error) {
      if (error instanceof SagaNotFoundError) return null;
      throw error;
    }
  }
}
