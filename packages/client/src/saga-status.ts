import type { components } from './generated/openapi.js';

export type Saga = components['schemas']['Saga'];
export type SagaStatus = Saga['status'];

/** The statuses after which nothing happens to a saga without an operator: its result. */
export const SettledStatuses = ['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'] as const satisfies readonly SagaStatus[];
export type SettledStatus = (typeof SettledStatuses)[number];

/** A saga that has settled: its status says how it ended. */
export type SettledSaga = Saga & { status: SettledStatus };

export function isSettled(saga: Saga): saga is SettledSaga {
  return (SettledStatuses as readonly string[]).includes(saga.status);
}
