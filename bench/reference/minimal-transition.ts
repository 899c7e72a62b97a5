import type { WireReply } from './wire-protocol.js';

/** Where a saga of the minimal coordinator stands: the step in flight and which way it goes. */
export type MinimalStatus = 'RUNNING' | 'COMPENSATING' | 'COMPLETED' | 'COMPENSATED';

/** The row move one reply asks for: from (`status`, `step`) to `nextStep` going `nextStatus`. */
export interface MinimalTransition {
  readonly status: MinimalStatus;
  readonly step: number;
  readonly nextStep: number;
  /** RUNNING forward, COMPENSATING backward (the UPDATE turns an end of the line into COMPLETED / COMPENSATED). */
  readonly nextStatus: 'RUNNING' | 'COMPENSATING';
  /** Merged into the saga's outputs: `{ [step]: output }` after a success, `{}` otherwise. */
  readonly outputsPatch: string;
}

/**
 * The whole rule set of a straight-line saga without retries or timeouts: a success moves to the
 * next step; a refusal or a technical error (no retries here) turns back and compensates the
 * steps before it in reverse; a compensation moves one step further back. `index` is the
 * reply's step position. Undefined for a reply that moves nothing (an unknown outcome).
 */
export function minimalTransition(reply: Pick<WireReply, 'step' | 'kind' | 'outcome' | 'output'>, index: number): MinimalTransition | undefined {
  if (reply.kind === 'execute') {
    if (reply.outcome === 'succeeded') {
      return {
        status: 'RUNNING',
        step: index,
        nextStep: index + 1,
        nextStatus: 'RUNNING',
        outputsPatch: JSON.stringify({ [reply.step]: reply.output ?? null }),
      };
    }
    if (reply.outcome === 'failed' || reply.outcome === 'error') {
      return { status: 'RUNNING', step: index, nextStep: index - 1, nextStatus: 'COMPENSATING', outputsPatch: '{}' };
    }
    return undefined;
  }
  if (reply.outcome !== 'compensated') return undefined;
  return { status: 'COMPENSATING', step: index, nextStep: index - 1, nextStatus: 'COMPENSATING', outputsPatch: '{}' };
}
