import { Injectable } from '@nestjs/common';
import type { SagaStatus } from '../saga-engine/state/saga-status.js';
import type { SagaPage, SagaView, StepLogEntryView } from './views/saga.view.js';

export interface StartSagaCommand {
  definition: string;
  /** Latest registered version when absent. */
  version?: number;
  input: unknown;
  /** Client-chosen key; same key + same body returns the original saga. */
  idempotencyKey?: string;
}

export interface StartSagaResult {
  saga: SagaView;
  /** False when an earlier request with the same Idempotency-Key created it. */
  created: boolean;
}

export interface ListSagasQuery {
  status?: SagaStatus;
  definition?: string;
  /** Already clamped by the caller to 1..100. */
  limit: number;
  cursor?: string;
}

/**
 * Application service behind the saga endpoints. Throws `OrchestrationError` subclasses
 * (errors/) for every expected failure; the API maps them to problem+json.
 */
@Injectable()
export class SagaService {
  /** Validates the input, creates the saga and its first commands in one transaction. */
  start(command: StartSagaCommand): Promise<StartSagaResult> {
    throw new Error(`not implemented: start ${command.definition}`);
  }

  /** @throws SagaNotFoundError */
  get(id: string): Promise<SagaView> {
    throw new Error(`not implemented: get ${id}`);
  }

  /** The step log, oldest first. @throws SagaNotFoundError */
  events(id: string): Promise<StepLogEntryView[]> {
    throw new Error(`not implemented: events ${id}`);
  }

  /** Newest first. @throws InvalidCursorError */
  list(query: ListSagasQuery): Promise<SagaPage> {
    throw new Error(`not implemented: list ${query.limit}`);
  }
}
