import { describe, expect, it } from 'vitest';
import type { SagaState } from '../state/saga-state.js';
import { canRetry } from './can-retry.rule.js';

const state = (status: SagaState['status'], steps: SagaState['steps'] = {}): SagaState => ({ status, input: {}, steps, completionOrder: [] });

describe(canRetry.name, () => {
  it('is true only for COMPENSATION_FAILED', () => {
    expect((['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'] as const).filter((s) => canRetry(state(s)))).toEqual([
      'COMPENSATION_FAILED',
    ]);
  });
});
