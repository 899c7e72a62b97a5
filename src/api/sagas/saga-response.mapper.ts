import { toSagaResource, toStepLogResource } from '../../orchestration/mappers/saga-resource.mapper.js';
import type { SagaPage, SagaView, StepLogEntryView } from '../../orchestration/views/saga.view.js';
import type { SagaPageResponse, SagaResponse, StepLogResponse } from './saga.schemas.js';

/** True when A and B have the same keys: the shared mapper's resource is what the schema documents, no field more or less. */
type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;
const sagaFieldsDocumented: SameKeys<SagaView, SagaResponse> = true;
const stepFieldsDocumented: SameKeys<SagaView['steps'][number], SagaResponse['steps'][number]> = true;
const stepLogFieldsDocumented: SameKeys<StepLogEntryView, StepLogResponse[number]> = true;
void [sagaFieldsDocumented, stepFieldsDocumented, stepLogFieldsDocumented];

/** The API's saga resource (orchestration/mappers/saga-resource.mapper.ts: the archive stores the same). */
export function toSagaResponse(saga: SagaView): SagaResponse {
  return toSagaResource(saga);
}

export function toSagaPageResponse(page: SagaPage): SagaPageResponse {
  return {
    items: page.items.map((item) => ({
      id: item.id,
      definition: item.definition,
      version: item.version,
      status: item.status,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
    })),
    nextCursor: page.nextCursor,
  };
}

export function toStepLogResponse(entries: StepLogEntryView[]): StepLogResponse {
  return toStepLogResource(entries);
}
