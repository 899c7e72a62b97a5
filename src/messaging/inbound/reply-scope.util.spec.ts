import { describe, expect, it } from 'vitest';
import type { StepReplyMessage } from '@saga-coordinator/contracts';
import { replyScope, traceCarrierOf } from './reply-scope.util.js';

const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe(traceCarrierOf.name, () => {
  it('keeps only the W3C trace headers, reading Buffers as text', () => {
    expect(traceCarrierOf({ traceparent: Buffer.from(traceparent), tracestate: 'k=v', 'x-saga-id': 'x' })).toEqual({
      traceparent,
      tracestate: 'k=v',
    });
  });

  it('is empty without headers', () => {
    expect(traceCarrierOf(undefined)).toEqual({});
  });
});

describe(replyScope.name, () => {
  it("continues the reply's trace as a consumer scope carrying saga id, step and attempt", () => {
    const reply = { sagaId: '6f1c3a52-8a1e-4a4e-9d47-0e8b8c9b7a10', step: 'charge', attempt: 2, kind: 'execute' } as StepReplyMessage;

    expect(replyScope(reply, { traceparent })).toEqual({
      name: 'saga reply execute',
      kind: 'consumer',
      parent: { traceparent },
      sagaId: reply.sagaId,
      step: 'charge',
      attempt: 2,
    });
  });
});
