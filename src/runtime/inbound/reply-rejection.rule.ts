import type { StepReplyMessage } from '@saga-coordinator/contracts';
import { findParticipantStep } from '../../saga-engine/definition/flow.util.js';
import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';

/**
 * Why a reply can never be processed against the saga's pinned definition, or undefined when
 * it can: the step must exist and belong to the participant that answered. (Stale, late and
 * duplicate replies are not rejected here: the engine records and ignores them.)
 */
export function whyReplyIsRejected(definition: SagaDefinition, reply: Pick<StepReplyMessage, 'step' | 'participant'>): string | undefined {
  const step = findParticipantStep(definition, reply.step);
  if (!step) return `step ${reply.step} does not exist in saga definition ${definition.name} v${definition.version}`;
  if (step.participant !== reply.participant) return `participant ${reply.participant} does not own step ${reply.step}`;
  return undefined;
}
