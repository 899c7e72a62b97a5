import type { SagaView, StepLogEntryView } from '../orchestration/views/saga.view.js';

/** A saga as the API shows it, with its whole step log: what one archive line holds. */
export interface SagaWithEvents {
  readonly saga: SagaView;
  readonly events: StepLogEntryView[];
}

/** Where the archive reads the sagas it writes; null: no such saga (already deleted). */
export abstract class ArchivedSagaSource {
  abstract load(sagaId: string): Promise<SagaWithEvents | null>;
}
