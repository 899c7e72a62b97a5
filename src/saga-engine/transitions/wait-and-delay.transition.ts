import type { DecisionDraft } from '../decision-draft.js';
import { StepStatuses } from '../state/step-status.js';

/** A wait is over (its signal arrived); its output (the signal's payload, or null) is stored like a step's. */
export function finishWaiting(draft: DecisionDraft, name: string, output: unknown): void {
  draft.updateStep(name, { status: StepStatuses.SUCCEEDED, output: output ?? null, finishedAt: draft.context.now });
}
