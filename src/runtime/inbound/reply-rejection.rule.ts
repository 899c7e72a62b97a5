import type { StepReplyMessage } from '@saga-coordinator/contracts';
import { findParticipantStep } from '../../saga-engine/definition/flow.util.js';
import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';

/** Why a reply is rejected; `stepNotOwned` when the participant it names does not own the step. */
export interface ReplyRejection {
  readonly reason: string;
  readonly stepNotOwned: boolean;
}

/**
 * Why a reply can never be processed against the saga's pinned definition, or undefined when
 * it can: the step must exist and belong to the participant the reply names (whose broker user
 * the messaging layer verified already). (Stale, late and
 * duplicate replies are not rejected here: the engine records and ignores them.)
 */
export function whyReplyIsRejected(definition: SagaDefinition, reply: Pick<StepReplyMessage, 'step' | 'participant'>): ReplyRejection | undefined {
  const step = findParticipantStep(definition, reply.step);
  if (!step) return { reason: `step ${reply.step} does not exist in saga definition ${definition.name} v${definition.version}`, stepNotOwned: false };
  if (step.participant !== reply.participant)
    return { reason: `participant ${reply.participant} does not own step ${reply.step}`, stepNotOwned: true };
  return undefined;
}
