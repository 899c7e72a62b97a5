import { type CommandKind, CommandKinds } from '@saga-coordinator/contracts';
import { FenceOutcomes } from './fence-outcome.js';
import type { FenceRecord, StepFence } from './fence-record.js';

/** What to do with a command, given what the fence already holds for its (saga, step). */
export type FenceAction =
  /** Nothing recorded yet that decides the command: run the handler. */
  | { readonly type: 'run-handler' }
  /** The same (saga, step, kind) already committed: answer with the stored reply, do not run the handler. */
  | { readonly type: 'resend'; readonly record: FenceRecord }
  /** `execute` after its compensation: refuse, do not run the handler. */
  | { readonly type: 'refuse-compensated' }
  /** `compensate` for a step without effect here: record a tombstone, answer `compensated`. */
  | { readonly type: 'record-nothing-to-undo' };

/** Decides how the fence treats a command. Keyed by (saga, step, kind), never by attempt. */
export function decideFenceAction(kind: CommandKind, fence: StepFence): FenceAction {
  if (kind === CommandKinds.execute) {
    if (fence.compensate !== undefined) return { type: 'refuse-compensated' };
    // chaos:fence-dedupe (test/chaos/support/broken-variants.ts builds a variant without the next line)
    if (fence.execute !== undefined) return { type: 'resend', record: fence.execute };
    return { type: 'run-handler' };
  }
  if (fence.compensate !== undefined) return { type: 'resend', record: fence.compensate };
  if (stepTookEffect(fence)) return { type: 'run-handler' };
  return { type: 'record-nothing-to-undo' };
}

/** Only a succeeded `execute` leaves an effect to undo; a refused one wrote nothing. */
export function stepTookEffect(fence: StepFence): boolean {
  return fence.execute?.outcome === FenceOutcomes.succeeded;
}
