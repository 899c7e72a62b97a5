import type { Decision } from '../../saga-engine/decision.js';
import type { SagaState, StepState } from '../../saga-engine/state/saga-state.js';
import { type SagaStatus, SagaStatuses } from '../../saga-engine/state/saga-status.js';
import { StepStatuses } from '../../saga-engine/state/step-status.js';
import { StepLogTypes } from '../../saga-engine/step-log-type.js';

/** Saga statuses counted when a saga enters them (each a counter per definition). */
export const CountedSagaOutcomes = [SagaStatuses.COMPLETED, SagaStatuses.COMPENSATED, SagaStatuses.COMPENSATION_FAILED] as const;
export type CountedSagaOutcome = (typeof CountedSagaOutcomes)[number];

/** How a step's forward work ended, as a metric label. */
export type StepOutcomeLabel = 'succeeded' | 'failed' | 'timed_out';
/** How a step's compensation ended, as a metric label. */
export type CompensationOutcomeLabel = 'compensated' | 'failed' | 'resolved';

/** A finished piece of work and how long it took from its first attempt to its end. */
export interface TimedStep<Outcome extends string> {
  readonly step: string;
  readonly outcome: Outcome;
  readonly seconds: number;
}

/** What one committed decision adds to the metrics. */
export interface DecisionObservations {
  readonly started: boolean;
  /** Set when this decision moved the saga into a counted status. */
  readonly enteredOutcome?: CountedSagaOutcome;
  readonly steps: readonly TimedStep<StepOutcomeLabel>[];
  readonly compensations: readonly TimedStep<CompensationOutcomeLabel>[];
  readonly retries: readonly { readonly step: string; readonly kind: 'execute' | 'compensate' }[];
}

const stepOutcomes: Partial<Record<StepState['status'], StepOutcomeLabel>> = {
  [StepStatuses.SUCCEEDED]: 'succeeded',
  [StepStatuses.FAILED]: 'failed',
  [StepStatuses.TIMED_OUT]: 'timed_out',
};

/**
 * Derives the metrics of one decision from the state before and after it. Only transitions
 * count (a status entered, a `finishedAt` newly set), so a duplicate or ignored trigger adds
 * nothing, and nothing depends on the saga id (bounded label cardinality).
 */
export function observeDecision(previous: SagaState | undefined, decision: Decision, observedAt: string): DecisionObservations {
  const next = decision.state;
  const entered = enteredStatus(previous?.status, next.status);
  return {
    started: previous === undefined,
    ...(entered === undefined ? {} : { enteredOutcome: entered }),
    steps: finishedSteps(previous, next),
    compensations: finishedCompensations(previous, next, observedAt),
    retries: decision.log.flatMap((entry): DecisionObservations['retries'][number][] => {
      if (entry.step === undefined) return [];
      if (entry.type === StepLogTypes.StepRetryScheduled) return [{ step: entry.step, kind: 'execute' }];
      if (entry.type === StepLogTypes.CompensationRetryScheduled) return [{ step: entry.step, kind: 'compensate' }];
      return [];
    }),
  };
}

function enteredStatus(before: SagaStatus | undefined, after: SagaStatus): CountedSagaOutcome | undefined {
  if (before === after) return undefined;
  return CountedSagaOutcomes.find((status) => status === after);
}

function finishedSteps(previous: SagaState | undefined, next: SagaState): TimedStep<StepOutcomeLabel>[] {
  return Object.entries(next.steps).flatMap(([step, state]) => {
    const outcome = stepOutcomes[state.status];
    const before = previous?.steps[step];
    if (outcome === undefined || before?.status === state.status) return [];
    const seconds = elapsedSeconds(state.startedAt, state.finishedAt);
    return seconds === undefined ? [] : [{ step, outcome, seconds }];
  });
}

function finishedCompensations(previous: SagaState | undefined, next: SagaState, observedAt: string): TimedStep<CompensationOutcomeLabel>[] {
  return Object.entries(next.steps).flatMap(([step, state]) => {
    const compensation = state.compensation;
    const before = previous?.steps[step];
    if (compensation === undefined || before?.status === state.status) return [];
    const outcome = compensationOutcome(state);
    if (outcome === undefined) return [];
    // A compensation that failed for good keeps no finishedAt: it ended when this decision committed.
    const seconds = elapsedSeconds(compensation.startedAt, compensation.finishedAt ?? observedAt);
    return seconds === undefined ? [] : [{ step, outcome, seconds }];
  });
}

function compensationOutcome(state: StepState): CompensationOutcomeLabel | undefined {
  if (state.compensation?.resolvedBy !== undefined && state.status === StepStatuses.COMPENSATED) return 'resolved';
  if (state.status === StepStatuses.COMPENSATED) return 'compensated';
  if (state.status === StepStatuses.COMPENSATION_FAILED) return 'failed';
  return undefined;
}

function elapsedSeconds(from: string | undefined, to: string | undefined): number | undefined {
  if (from === undefined || to === undefined) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? Math.max(0, ms) / 1000 : undefined;
}
