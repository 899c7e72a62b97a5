import type { BenchDefinition } from '../workload/bench-definitions.js';

/** The ceiling's saga state: a straight line of steps, forward then (maybe) backward. */
export interface CeilingState {
  /** Index of the step in flight (forward) or being compensated (backward). */
  readonly current: number;
  readonly phase: 'forward' | 'compensating';
  /** Outputs of succeeded steps by name: their undo data. */
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** A reply as the ceiling needs it. */
export interface CeilingReply {
  readonly step: string;
  readonly kind: 'execute' | 'compensate';
  readonly outcome: 'succeeded' | 'failed' | 'error' | 'compensated';
  readonly output?: unknown;
}

/** What to write and send. `command` is the step index to run next, with its kind. */
export interface CeilingDecision {
  readonly status: 'RUNNING' | 'COMPENSATING' | 'COMPLETED' | 'COMPENSATED';
  readonly state: CeilingState;
  readonly logType: string;
  readonly command?: { readonly index: number; readonly kind: 'execute' | 'compensate' };
}

/**
 * The whole rule set of a linear saga without retries: succeed → next step or COMPLETED;
 * refuse → compensate the succeeded steps in reverse; compensated → the one before, or
 * COMPENSATED. Returns undefined for a stale reply (not for the step in flight).
 */
export function decideCeiling(definition: BenchDefinition, state: CeilingState, reply: CeilingReply): CeilingDecision | undefined {
  const step = definition.steps[state.current];
  if (!step || step.name !== reply.step) return undefined;
  if (state.phase === 'forward' && reply.kind === 'execute') {
    if (reply.outcome === 'succeeded') {
      const outputs = { ...state.outputs, [step.name]: reply.output ?? null };
      const next = state.current + 1;
      if (next >= definition.steps.length) return { status: 'COMPLETED', state: { ...state, outputs }, logType: 'STEP_SUCCEEDED' };
      return {
        status: 'RUNNING',
        state: { current: next, phase: 'forward', outputs },
        logType: 'STEP_SUCCEEDED',
        command: { index: next, kind: 'execute' },
      };
    }
    return backward(state, state.current - 1, 'STEP_FAILED');
  }
  if (state.phase === 'compensating' && reply.kind === 'compensate' && reply.outcome === 'compensated') {
    return backward(state, state.current - 1, 'STEP_COMPENSATED');
  }
  return undefined;
}

function backward(state: CeilingState, index: number, logType: string): CeilingDecision {
  if (index < 0) return { status: 'COMPENSATED', state: { ...state, phase: 'compensating', current: 0 }, logType };
  return { status: 'COMPENSATING', state: { ...state, phase: 'compensating', current: index }, logType, command: { index, kind: 'compensate' } };
}
