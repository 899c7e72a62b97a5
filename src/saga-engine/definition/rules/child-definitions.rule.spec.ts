import { describe, expect, it } from 'vitest';
import { testSaga, testStep } from '../../testing/definition-fixture.js';
import { definitionFromJson } from '../definition-json.js';
import { DefinitionLimits } from '../definition-problem.js';
import type { ChildDefinition, SagaDefinition } from '../saga-definition.js';
import { validateDefinition } from '../validate-definition.js';
import { childDefinitionProblems, type DefinitionLookup } from './child-definitions.rule.js';

const child = (name: string, definition: string, overrides: Partial<ChildDefinition> = {}): ChildDefinition => ({
  type: 'child',
  name,
  definition: { name: definition },
  kind: 'compensatable',
  ...overrides,
});
const parentWith = (...nodes: ChildDefinition[]): SagaDefinition => ({
  ...testSaga(['reserve']),
  name: 'order',
  steps: [testStep('reserve'), ...nodes],
});

/** A registry of the given definitions (every version), answering like the catalog's lookup. */
const registry =
  (...definitions: SagaDefinition[]): DefinitionLookup =>
  (name, version) => {
    const versions = definitions.filter((definition) => definition.name === name).sort((a, b) => a.version - b.version);
    return version === undefined ? versions.at(-1) : versions.find((definition) => definition.version === version);
  };

const payment = { ...testSaga(['authorize', 'capture']), name: 'payment-flow' };

describe(childDefinitionProblems.name, () => {
  it('accepts a child that starts a registered, fully compensatable definition', () => {
    expect(childDefinitionProblems(parentWith(child('pay', 'payment-flow')), registry(payment))).toEqual([]);
  });

  it('refuses a child whose definition is not registered', () => {
    expect(childDefinitionProblems(parentWith(child('pay', 'billing')), registry(payment))).toEqual([
      { pointer: '/steps/1/definition/name', message: 'Child step "pay" starts definition "billing", which is not registered.' },
    ]);
  });

  it('refuses a pinned version that is not registered, naming the latest', () => {
    const pinned = child('pay', 'payment-flow', { definition: { name: 'payment-flow', version: 3 } });
    expect(childDefinitionProblems(parentWith(pinned), registry(payment, { ...payment, version: 2 }))).toEqual([
      {
        pointer: '/steps/1/definition/version',
        message: 'Child step "pay" starts version 3 of "payment-flow", which is not registered (the latest is 2).',
      },
    ]);
  });

  it('refuses a child that starts its own definition', () => {
    expect(childDefinitionProblems(parentWith(child('again', 'order')), registry(payment))).toEqual([
      { pointer: '/steps/1/definition/name', message: 'Child step "again" starts its own definition "order": a saga that starts itself never ends.' },
    ]);
  });

  it('refuses a child that leads back to this definition through registered definitions', () => {
    const billing: SagaDefinition = { ...testSaga([]), name: 'billing', steps: [child('settle', 'ledger')] };
    const ledger: SagaDefinition = { ...testSaga([]), name: 'ledger', steps: [testStep('post'), child('reorder', 'order')] };
    expect(childDefinitionProblems(parentWith(child('bill', 'billing')), registry(billing, ledger))).toEqual([
      {
        pointer: '/steps/1/definition/name',
        message:
          'Child step "bill" starts "billing", which starts "order" again (order → billing → ledger → order): child sagas that start each other never end.',
      },
    ]);
  });

  it('refuses a compensatable child whose definition has a point of no return', () => {
    const final: SagaDefinition = { ...payment, steps: [testStep('authorize'), testStep('capture', { kind: 'pivot' })] };
    expect(childDefinitionProblems(parentWith(child('pay', 'payment-flow')), registry(final))).toEqual([
      {
        pointer: '/steps/1/kind',
        message:
          'Child step "pay" is compensatable but definition "payment-flow" v1 has pivot step "capture", which could not be undone: declare the child step the pivot.',
      },
    ]);
    expect(childDefinitionProblems(parentWith(child('pay', 'payment-flow', { kind: 'pivot' })), registry(final))).toEqual([]);
  });
});

describe(`${validateDefinition.name} on child nodes`, () => {
  it('refuses a malformed child reference and version', () => {
    const bad = child('pay', 'Payment Flow', { definition: { name: 'Payment Flow', version: 0 } });
    expect(validateDefinition(parentWith(bad))).toEqual([
      {
        pointer: '/steps/1/definition/name',
        message:
          'The child definition name must be a kebab-case identifier (lowercase letters and digits separated by single hyphens, starting with a letter, at most 100 characters), got "Payment Flow".',
      },
      { pointer: '/steps/1/definition/version', message: 'The child definition version must be a positive integer, got 0.' },
    ]);
  });

  it('refuses a retriable child: a child saga can fail, and nothing after the point of no return may', () => {
    expect(validateDefinition(parentWith(child('pay', 'payment-flow', { kind: 'retriable' })))).toEqual([
      {
        pointer: '/steps/1/kind',
        message:
          'Child step "pay" cannot be retriable: a child saga can fail (it then compensates itself), and nothing after the point of no return may fail. Make it compensatable, or the pivot.',
      },
    ]);
  });

  it('refuses a timeout on a child past the point of no return', () => {
    expect(validateDefinition(parentWith(child('pay', 'payment-flow', { kind: 'pivot', timeoutMs: 1000 })))).toEqual([
      {
        pointer: '/steps/1/timeoutMs',
        message: 'Child step "pay" is a pivot, so it cannot time out: a child past the point of no return could not be cancelled and undone.',
      },
    ]);
  });

  it('puts child kinds in the compensatable → pivot → retriable order like steps', () => {
    const definition = parentWith(child('pay', 'payment-flow', { kind: 'pivot' }), child('refund', 'payment-flow'));
    expect(validateDefinition(definition)).toEqual([
      { pointer: '/steps/2/kind', message: 'Step "refund" is compensatable but comes after pivot step "pay": compensatable steps must come first.' },
    ]);
  });

  it('reads the JSON form with the kind defaulting to compensatable', () => {
    const json = { name: 'order', steps: [{ type: 'child', name: 'pay', definition: { name: 'payment-flow' } }] };
    expect(definitionFromJson(json, 1).steps[0]).toEqual({ type: 'child', name: 'pay', definition: { name: 'payment-flow' }, kind: 'compensatable' });
  });

  it('accepts child sagas nested down to the depth limit and refuses one level more, with the pointer and the chain', () => {
    const level = (name: string, next?: string): SagaDefinition => ({
      ...testSaga([`${name}-work`]),
      name,
      steps: [testStep(`${name}-work`), ...(next === undefined ? [] : [child(`start-${next}`, next)])],
    });
    // order → l1 → l2 → l3 is three levels of children: the limit.
    const chain = [level('l1', 'l2'), level('l2', 'l3'), level('l3')];
    expect(DefinitionLimits.maxChildSagaDepth).toBe(3);
    expect(childDefinitionProblems(parentWith(child('go', 'l1')), registry(...chain))).toEqual([]);
    const deeper = [level('l1', 'l2'), level('l2', 'l3'), level('l3', 'l4'), level('l4')];
    expect(childDefinitionProblems(parentWith(child('ok', 'l4'), child('go', 'l1')), registry(...deeper))).toEqual([
      {
        pointer: '/steps/2/definition/name',
        message: 'Child step "go" starts "l1", which makes child sagas nest 4 levels deep (order → l1 → l2 → l3 → l4); at most 3 levels are allowed.',
      },
    ]);
  });
});
