import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { PrincipalKinds, type Principal } from '../auth/principal.js';
import { InFlightLimitReachedError } from '../errors/in-flight-limit-reached.error.js';
import type { SagaTransaction } from '../../runtime/ports/saga-store.port.js';
import { hasRoomForAnotherSaga } from './has-room-for-another-saga.rule.js';

/**
 * The cap on sagas one API key may have RUNNING or COMPENSATING (`MAX_IN_FLIGHT_SAGAS_PER_KEY`),
 * the child sagas of its sagas included (a child takes its parent's `started_by`). Checked in the
 * start transaction, which the count serialises per key, so concurrent starts cannot overshoot
 * (the children one start creates at once can: at most the tree its definition allows). Callers without a key (auth disabled, internal starts) are not capped.
 */
@Injectable()
export class InFlightSagaLimit {
  constructor(private readonly config: AppConfig) {}

  /** @throws InFlightLimitReachedError */
  async assertRoomFor(tx: SagaTransaction, principal: Principal | null | undefined): Promise<void> {
    if (!principal || principal.kind !== PrincipalKinds.ApiKey) return;
    const limit = this.config.maxInFlightSagasPerKey;
    const inFlight = await tx.countInFlightStartedBy(principal.id);
    if (!hasRoomForAnotherSaga(inFlight, limit)) throw new InFlightLimitReachedError(principal.id, inFlight, limit);
  }
}
