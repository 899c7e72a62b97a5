import type { StepLogType } from '../../saga-engine/step-log-type.js';
import type { StoredSagaEvent } from '../../runtime/ports/saga-store.port.js';
import type { StepLogEntryView } from '../views/saga.view.js';

/** One row of `GET /v1/sagas/{id}/events`. */
export function toStepLogEntryView(event: StoredSagaEvent): StepLogEntryView {
  return {
    seq: event.seq,
    type: event.type as StepLogType,
    step: event.step,
    attempt: event.attempt,
    at: event.at,
    data: event.data,
  };
}
