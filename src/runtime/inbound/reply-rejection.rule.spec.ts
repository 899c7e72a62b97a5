import { describe, expect, it } from 'vitest';
import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';
import { DefaultCompensationRetryPolicy, DefaultRetryPolicy } from '../../saga-engine/definition/saga-definition.js';
import { whyReplyIsRejected } from './reply-rejection.rule.js';

const definition: SagaDefinition = {
  name: 'order',
  version: 3,
  inputSchema: {},
  steps: [
    {
      type: 'step',
      name: 'reserve',
      participant: 'inventory',
      command: 'reserve',
      compensation: 'release',
      kind: 'compensatable',
      timeoutMs: 1000,
      retry: DefaultRetryPolicy,
      compensationRetry: DefaultCompensationRetryPolicy,
    },
  ],
};

describe(whyReplyIsRejected.name, () => {
  it('accepts a reply from the participant that owns the step', () => {
    expect(whyReplyIsRejected(definition, { step: 'reserve', participant: 'inventory' })).toBeUndefined();
  });

  it('rejects a reply from another participant', () => {
    expect(whyReplyIsRejected(definition, { step: 'reserve', participant: 'payment' })).toEqual({
      reason: 'participant payment does not own step reserve',
      stepNotOwned: true,
    });
  });

  it('rejects a reply for a step the pinned version does not have', () => {
    expect(whyReplyIsRejected(definition, { step: 'ship', participant: 'inventory' })).toEqual({
      reason: 'step ship does not exist in saga definition order v3',
      stepNotOwned: false,
    });
  });
});
