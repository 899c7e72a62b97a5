import { describe, expect, it } from 'vitest';
import { testSaga, testStep } from '../testing/definition-fixture.js';
import { causalPredecessors, causalSuccessors, walkFlow } from './flow.util.js';
import type { SagaDefinition } from './saga-definition.js';

/** a → [b1 → b2 | c] → d */
const definition: SagaDefinition = {
  ...testSaga([]),
  steps: [
    testStep('a'),
    {
      type: 'parallel',
      name: 'fork',
      branches: [
        { name: 'left', steps: [testStep('b1'), testStep('b2')] },
        { name: 'right', steps: [testStep('c')] },
      ],
    },
    testStep('d'),
  ],
};

describe(causalPredecessors.name, () => {
  it('lets a node see what ran before it in its branch and before its group, never a sibling branch', () => {
    const before = causalPredecessors(definition);
    expect([...(before.get('b2') ?? [])].sort()).toEqual(['a', 'b1']);
    expect([...(before.get('c') ?? [])]).toEqual(['a']);
    expect([...(before.get('d') ?? [])].sort()).toEqual(['a', 'b1', 'b2', 'c', 'fork']);
  });
});

describe(causalSuccessors.name, () => {
  it('is the inverse: a step before a fork precedes every branch; branches are independent', () => {
    const after = causalSuccessors(definition);
    expect([...(after.get('a') ?? [])].sort()).toEqual(['b1', 'b2', 'c', 'd', 'fork']);
    expect([...(after.get('b1') ?? [])].sort()).toEqual(['b2', 'd']);
    expect([...(after.get('c') ?? [])]).toEqual(['d']);
  });
});

describe(walkFlow.name, () => {
  it('lists every node depth-first with its JSON path and enclosing branch', () => {
    expect(walkFlow(definition).map(({ node, path, parent }) => [node.name, path.join('/'), parent?.branch ?? null])).toEqual([
      ['a', 'steps/0', null],
      ['fork', 'steps/1', null],
      ['b1', 'steps/1/branches/0/steps/0', 'left'],
      ['b2', 'steps/1/branches/0/steps/1', 'left'],
      ['c', 'steps/1/branches/1/steps/0', 'right'],
      ['d', 'steps/2', null],
    ]);
  });
});
