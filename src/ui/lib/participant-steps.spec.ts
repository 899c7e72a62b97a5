import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { orderSagaDefinition } from '../../saga-engine/testing/order-saga.fixture.js';
import { definitionToJson } from '../../saga-engine/definition/definition-json.js';
import { participantSteps } from '../../saga-engine/definition/flow.util.js';
import type { FlowNode } from '../../saga-engine/definition/saga-definition.js';
import { DefaultCompensationRetryPolicy, DefaultRetryPolicy } from '../../saga-engine/definition/saga-definition.js';
import { participantStepsOf } from './participant-steps.js';

/** Random flows of steps, waits, delays, child sagas, parallel groups and choices, nested, names unique. */
const flow = (): fc.Arbitrary<FlowNode[]> => {
  let counter = 0;
  const name = () => `n${counter++}`;
  const { nodes } = fc.letrec<{ node: FlowNode; nodes: FlowNode[] }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null).map((): FlowNode => {
        const step = name();
        return {
          type: 'step',
          name: step,
          participant: 'p',
          command: step,
          kind: 'compensatable',
          timeoutMs: 1000,
          retry: DefaultRetryPolicy,
          compensationRetry: DefaultCompensationRetryPolicy,
        };
      }),
      fc.constant(null).map((): FlowNode => ({ type: 'wait', name: name(), signal: 'go', timeoutMs: 1000 })),
      fc.constant(null).map((): FlowNode => ({ type: 'delay', name: name(), delayMs: 1500 })),
      fc.constant(null).map((): FlowNode => ({ type: 'child', name: name(), definition: { name: 'other' }, kind: 'compensatable' })),
      fc
        .array(tie('nodes'), { minLength: 1, maxLength: 3 })
        .map((branches): FlowNode => ({ type: 'parallel', name: name(), branches: branches.map((steps, i) => ({ name: `b${i}`, steps })) })),
      fc.tuple(fc.array(tie('nodes'), { minLength: 1, maxLength: 2 }), tie('nodes')).map(([choices, otherwise]): FlowNode => ({
        type: 'choice',
        name: name(),
        choices: choices.map((steps, i) => ({ name: `c${i}`, when: true, steps })),
        otherwise: { name: 'otherwise', steps: otherwise },
      })),
    ),
    nodes: fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
  }));
  return nodes;
};

describe(participantStepsOf.name, () => {
  it("lists the order saga's three steps from its stored JSON form", () => {
    const stored = definitionToJson(orderSagaDefinition) as { steps: FlowNode[] };
    expect(participantStepsOf(stored.steps).map((step) => step.name)).toEqual(['reserve-inventory', 'charge-payment', 'create-shipment']);
  });

  test.prop([flow()])("finds the same steps in the same order as the engine's walk of the flow", (steps) => {
    const definition = { name: 'random', version: 1, inputSchema: {}, steps };
    expect(participantStepsOf(steps)).toEqual(participantSteps(definition));
  });
});
