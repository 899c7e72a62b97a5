import type { DecisionDraft } from '../decision-draft.js';
import type { IgnoreReason } from '../ignore-reason.js';
import { StepLogTypes } from '../step-log-type.js';
import type { SagaTrigger } from '../triggers/saga-trigger.js';

/** Records a trigger that changes nothing (duplicate, late, stale): one log entry, no state change. */
export function ignoreTrigger(draft: DecisionDraft, why: IgnoreReason, trigger: SagaTrigger): void {
  const step = 'step' in trigger ? trigger.step : undefined;
  const attempt = 'attempt' in trigger ? trigger.attempt : undefined;
  draft.record({
    type: StepLogTypes.ReplyIgnored,
    ...(step !== undefined ? { step } : {}),
    ...(attempt !== undefined ? { attempt } : {}),
    data: {
      why,
      trigger: trigger.type,
      ...('kind' in trigger ? { kind: trigger.kind } : {}),
      ...('outcome' in trigger ? { outcome: trigger.outcome } : {}),
    },
  });
}
