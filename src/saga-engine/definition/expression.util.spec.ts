import { describe, expect, it } from 'vitest';
import { evaluateMapping, isTruthy } from './expression.util.js';

describe(evaluateMapping.name, () => {
  it('builds a payload field by field from the input and earlier outputs', () => {
    const data = { input: { orderId: 'o-1', items: [1, 2] }, outputs: { 'reserve-inventory': { reservationId: 'r-9' } } };
    expect(
      evaluateMapping(
        {
          orderId: { var: 'input.orderId' },
          reservation: { var: 'outputs.reserve-inventory.reservationId' },
          label: { cat: ['order ', { var: 'input.orderId' }] },
          big: { '>': [{ var: 'input.items.length' }, 1] },
          missing: { var: 'outputs.nothing.here' },
          constant: 7,
        },
        data,
      ),
    ).toEqual({ orderId: 'o-1', reservation: 'r-9', label: 'order o-1', big: true, missing: null, constant: 7 });
  });

  it('throws on an operator json-logic does not know (validation refuses those first)', () => {
    expect(() => evaluateMapping({ x: { nope: [] } }, { input: {}, outputs: {} })).toThrow();
  });
});

describe(isTruthy.name, () => {
  it('follows JSON Logic truthiness', () => {
    expect([[], [0], '', '0', 0, null, true].map(isTruthy)).toEqual([false, true, false, true, false, false, true]);
  });
});
