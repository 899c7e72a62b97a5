import { describe, expect, it } from 'vitest';
import { DefinitionLimits } from '../../saga-engine/definition/definition-problem.js';
import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';
import { testSaga, testStep } from '../../saga-engine/testing/definition-fixture.js';
import { InMemoryDefinitionSource } from '../testing/in-memory-definition-source.js';
import { ChildSagaResolver } from './child-saga-resolver.service.js';

const leaf: SagaDefinition = { ...testSaga(['work']), name: 'leaf' };
const parent: SagaDefinition = {
  ...testSaga(['first']),
  name: 'parent',
  steps: [testStep('first'), { type: 'child', name: 'run-leaf', definition: { name: 'leaf' }, kind: 'compensatable' }],
};
const request = { step: 'run-leaf', definition: { name: 'leaf' }, input: {} };

describe(ChildSagaResolver.name, () => {
  const resolver = new ChildSagaResolver(new InMemoryDefinitionSource([leaf, parent]));

  it('starts a child down to the nesting limit', async () => {
    await expect(resolver.resolve(parent, request, DefinitionLimits.maxChildSagaDepth)).resolves.toBe(leaf);
  });

  it('refuses a child one level past it (an unpinned child whose newer version nests deeper than registration saw)', async () => {
    await expect(resolver.resolve(parent, request, DefinitionLimits.maxChildSagaDepth + 1)).resolves.toBe(
      'Child step "run-leaf" would start "leaf" 4 levels below the saga a client started; child sagas nest at most 3 levels.',
    );
  });
});
