import { describe, expect, it } from 'vitest';
import { sagaTraceContext } from './saga-trace-context.rule.js';

const saga = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
const replyInSagaTrace = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01' };
const otherTrace = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b9c7c989f97918e1-01' };

describe(sagaTraceContext.name, () => {
  it("continues from the active span when it belongs to the saga's trace", () => {
    expect(sagaTraceContext(replyInSagaTrace, saga)).toBe(replyInSagaTrace);
  });

  it("goes back to the saga's trace when the work runs in another one (timer, operator request)", () => {
    expect(sagaTraceContext(otherTrace, saga)).toBe(saga);
    expect(sagaTraceContext({}, saga)).toBe(saga);
  });

  it('keeps the active context of a saga that was started untraced', () => {
    expect(sagaTraceContext(otherTrace, undefined)).toBe(otherTrace);
    expect(sagaTraceContext({}, {})).toEqual({});
  });
});
