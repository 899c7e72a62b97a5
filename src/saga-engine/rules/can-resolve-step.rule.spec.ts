import { describe, expect, it } from 'vitest';
import type { SagaState } from '../state/saga-state.js';
import { canResolveStep } from './can-resolve-step.rule.js';

const state = (status: SagaState['status'], steps: SagaState['steps'] = {}): SagaState => ({ status, input: {}, steps, completionOrder: [] });

describe(canResolveStep.name, () => {
  it('is true only for the step whose compensation failed', () => {
    const stuck = state('COMPENSATION_FAILED', { a: { status: 'COMPENSATION_FAILED', attempt: 1 }, p: { status: 'FAILED', attempt: 1 } });
    expect(canResolveStep(stuck, 'a')).toBe(true);
    expect(canResolveStep(stuck, 'p')).toBe(false);
    expect(canResolveStep(stuck, 'zzz')).toBe(false);
    expect(canResolveStep({ ...stuck, status: 'COMPENSATING' }, 'a')).toBe(false);
  });
});
