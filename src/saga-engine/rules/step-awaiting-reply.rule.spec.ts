import { describe, expect, it } from 'vitest';
import type { SagaState } from '../state/saga-state.js';
import { stepAwaitingReply, stepAwaitingRetry } from './step-awaiting-reply.rule.js';

const state = (status: SagaState['status'], steps: SagaState['steps'] = {}): SagaState => ({ status, input: {}, steps, completionOrder: [] });

describe(stepAwaitingReply.name, () => {
  it('tells a step waiting for its reply from one waiting for its retry', () => {
    const waiting = state('RUNNING', { a: { status: 'RUNNING', attempt: 1 } });
    const backingOff = state('RUNNING', { a: { status: 'RUNNING', attempt: 1, nextAttemptAt: '2026-01-01T00:00:00Z' } });
    expect([stepAwaitingReply(waiting), stepAwaitingRetry(waiting)]).toEqual(['a', undefined]);
    expect([stepAwaitingReply(backingOff), stepAwaitingRetry(backingOff)]).toEqual([undefined, 'a']);
  });
});
