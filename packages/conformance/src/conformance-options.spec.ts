import { describe, expect, it } from 'vitest';
import { inputFor, resolveOptions } from './conformance-options.js';
import { formatReport } from './run-conformance.js';

describe('inputFor', () => {
  it('puts the saga id into every string that names {{sagaId}}, at any depth, and leaves the rest alone', () => {
    const input = { orderId: 'order-{{sagaId}}', items: [{ sku: '{{sagaId}}/{{sagaId}}', quantity: 2 }], note: null, paid: false };
    expect(inputFor(input, 'abc')).toEqual({ orderId: 'order-abc', items: [{ sku: 'abc/abc', quantity: 2 }], note: null, paid: false });
    expect(input.orderId).toBe('order-{{sagaId}}');
  });
});

describe('resolveOptions', () => {
  it('fills the defaults: SDK size limit, 10 s replies, 1.5 s quiet, empty input and outputs, no probe', () => {
    const resolved = resolveOptions({ amqpUrl: 'amqp://x', participant: 'p', command: 'c', compensation: 'u' });
    expect(resolved).toEqual({
      amqpUrl: 'amqp://x',
      participant: 'p',
      command: 'c',
      compensation: 'u',
      input: {},
      outputs: {},
      maxMessageBytes: 1048576,
      timeoutMs: 10000,
      quietMs: 1500,
      duringDelayMs: 0,
    });
  });
});

describe('formatReport', () => {
  it('prints one line per rule and says how many failed', () => {
    const text = formatReport({
      participant: 'payment',
      passed: false,
      results: [
        { id: 'execute-succeeds', title: '', status: 'pass', detail: 'succeeded', durationMs: 1 },
        { id: 'redelivered-command', title: '', status: 'fail', detail: 'the handler ran again', durationMs: 1 },
      ],
    });
    expect(text.split('\n')).toEqual([
      'saga-conformance: participant payment',
      '',
      'RESULT  RULE                 DETAIL',
      'PASS    execute-succeeds     succeeded',
      'FAIL    redelivered-command  the handler ran again',
      '',
      '1 of 2 rules failed',
    ]);
  });
});
