import { describe, expect, it } from 'vitest';
import { testSaga, testStep } from '../testing/definition-fixture.js';
import type { FlowNode, SagaDefinition } from './saga-definition.js';
import { validateDefinition } from './validate-definition.js';

const withSteps = (...steps: FlowNode[]): SagaDefinition => ({ ...testSaga([]), steps });
const pivot = (name: string) => testStep(name, { kind: 'pivot', compensation: undefined });
const retriable = (name: string) => testStep(name, { kind: 'retriable', compensation: undefined });
const parallel = (name: string, ...branches: FlowNode[][]): FlowNode => ({
  type: 'parallel',
  name,
  branches: branches.map((steps, index) => ({ name: `b${index + 1}`, steps })),
});
const choice = (name: string, chosen: FlowNode[], otherwise: FlowNode[]): FlowNode => ({
  type: 'choice',
  name,
  choices: [{ name: 'yes', when: { '==': [{ var: 'input.go' }, true] }, steps: chosen }],
  otherwise: { name: 'no', steps: otherwise },
});

describe(`${validateDefinition.name} on flows`, () => {
  it('accepts parallel groups, choices with a pivot in one branch, waits before the pivot and delays anywhere', () => {
    expect(
      validateDefinition(
        withSteps(
          parallel('fork', [testStep('a')], [testStep('b'), { type: 'wait', name: 'w', signal: 'go', timeoutMs: 1_000 }]),
          choice('route', [pivot('p')], [testStep('c')]),
          { type: 'delay', name: 'd', delayMs: 10 },
          parallel('after', [retriable('r1')], [retriable('r2')]),
        ),
      ),
    ).toEqual([]);
  });

  it('refuses a duplicate name inside a branch, pointing at the nested one', () => {
    expect(validateDefinition(withSteps(testStep('a'), parallel('fork', [testStep('x')], [testStep('a')])))).toEqual([
      { pointer: '/steps/1/branches/1/steps/0/name', message: 'The step name "a" is already used at /steps/0.' },
    ]);
  });

  it('refuses a compensatable step after a pivot inside a branch', () => {
    expect(validateDefinition(withSteps(choice('route', [pivot('p'), testStep('late')], [])))).toEqual([
      {
        pointer: '/steps/0/choices/0/steps/1/kind',
        message: 'Step "late" is compensatable but comes after pivot step "p": compensatable steps must come first.',
      },
    ]);
  });

  it('refuses a compensatable step after a choice that had a pivot in any branch', () => {
    expect(validateDefinition(withSteps(choice('route', [pivot('p')], [testStep('c')]), testStep('late')))).toEqual([
      { pointer: '/steps/1/kind', message: 'Step "late" is compensatable but comes after pivot step "p": compensatable steps must come first.' },
    ]);
  });

  it('refuses a pivot inside a parallel group', () => {
    expect(validateDefinition(withSteps(parallel('fork', [testStep('a')], [pivot('p')])))).toEqual([
      {
        pointer: '/steps/0',
        message:
          'Parallel group "fork" contains pivot step "p": a pivot cannot run beside other work, which may fail after it and could not be undone.',
      },
    ]);
  });

  it('refuses a parallel group that mixes compensatable and retriable steps', () => {
    expect(validateDefinition(withSteps(parallel('fork', [testStep('a')], [retriable('r')])))).toEqual([
      {
        pointer: '/steps/0',
        message:
          'Parallel group "fork" mixes compensatable step "a" and retriable step "r": if a branch failed, the retriable effect could not be undone.',
      },
    ]);
  });

  it('refuses a wait after the pivot', () => {
    expect(validateDefinition(withSteps(pivot('p'), { type: 'wait', name: 'w', signal: 'go', timeoutMs: 1_000 }))).toEqual([
      {
        pointer: '/steps/1',
        message: 'Wait "w" comes after pivot step "p": a wait can time out and fail, and a saga past its point of no return cannot turn back.',
      },
    ]);
  });

  it('refuses a parallel group with one branch, and an empty branch', () => {
    expect(validateDefinition(withSteps(parallel('fork', [testStep('a')])))).toEqual([
      { pointer: '/steps/0/branches', message: 'Parallel group "fork" needs 2 to 10 branches, got 1.' },
    ]);
    expect(validateDefinition(withSteps(parallel('fork', [testStep('a')], [])))).toEqual([
      { pointer: '/steps/0/branches/1/steps', message: 'Branch "b2" needs at least one step.' },
    ]);
  });

  it('refuses more than 10 branches', () => {
    const branches = Array.from({ length: 11 }, (_, i) => [testStep(`s${i}`)]);
    expect(validateDefinition(withSteps(parallel('fork', ...branches)))).toEqual([
      { pointer: '/steps/0/branches', message: 'Parallel group "fork" needs 2 to 10 branches, got 11.' },
    ]);
  });

  it('refuses nesting deeper than 4 levels', () => {
    let node: FlowNode = testStep('leaf');
    for (let level = 4; level >= 1; level -= 1) node = parallel(`p${level}`, [node], [testStep(`x${level}`)]);
    expect(validateDefinition(withSteps(node))).toEqual([
      {
        pointer: '/steps/0/branches/0/steps/0/branches/0/steps/0/branches/0/steps/0',
        message: '"p4" nests branches 5 levels deep; at most 4 levels are allowed.',
      },
    ]);
  });

  it('refuses an unknown node type, and waits and delays without bounded times', () => {
    expect(validateDefinition(withSteps({ type: 'loop', name: 'l' } as unknown as FlowNode))).toEqual([
      { pointer: '/steps/0/type', message: 'The node type must be one of step, parallel, choice, wait, delay, child, got "loop".' },
    ]);
    expect(
      validateDefinition(withSteps({ type: 'wait', name: 'w', signal: 'Go!', timeoutMs: 0 }, { type: 'delay', name: 'd', delayMs: -1 })),
    ).toEqual([
      {
        pointer: '/steps/0/signal',
        message:
          'The signal name must be a kebab-case identifier (lowercase letters and digits separated by single hyphens, starting with a letter, at most 100 characters), got "Go!".',
      },
      { pointer: '/steps/0/timeoutMs', message: 'The wait timeout must be an integer from 1 to 2592000000 ms, got 0.' },
      { pointer: '/steps/1/delayMs', message: 'The delay must be an integer from 1 to 2592000000 ms, got -1.' },
    ]);
  });

  it('refuses a choice without an otherwise branch', () => {
    const node = { ...(choice('route', [testStep('a')], []) as object), otherwise: undefined } as unknown as FlowNode;
    expect(validateDefinition(withSteps(node))).toEqual([
      { pointer: '/steps/0/otherwise', message: 'Choice "route" needs an otherwise branch (its steps may be empty).' },
    ]);
  });

  it('refuses a mapping that reads an unknown step', () => {
    expect(validateDefinition(withSteps(testStep('a', { input: { x: { var: 'outputs.ghost.id' } } })))).toEqual([
      { pointer: '/steps/0/input/x/var', message: 'The path "outputs.ghost.id" refers to "ghost", which is not a node of this saga.' },
    ]);
  });

  it('refuses a mapping that reads a later step or one in a parallel sibling branch', () => {
    expect(validateDefinition(withSteps(testStep('a', { input: { x: { var: 'outputs.b' } } }), testStep('b')))).toEqual([
      {
        pointer: '/steps/0/input/x/var',
        message: 'The path "outputs.b" refers to "b", which does not finish before this point (it runs later or in a parallel branch).',
      },
    ]);
    expect(validateDefinition(withSteps(parallel('fork', [testStep('a')], [testStep('b', { input: { x: { var: 'outputs.a' } } })])))).toEqual([
      {
        pointer: '/steps/0/branches/1/steps/0/input/x/var',
        message: 'The path "outputs.a" refers to "a", which does not finish before this point (it runs later or in a parallel branch).',
      },
    ]);
  });

  it('refuses forbidden operators, computed paths and prototype keys in expressions', () => {
    const problems = validateDefinition(
      withSteps(
        testStep('a', {
          input: {
            m: { method: [{ var: 'input' }, 'toString'] },
            c: { var: { cat: ['input.', 'x'] } },
            p: { var: 'input.constructor' },
            r: { var: 'secrets.key' },
          },
        }),
      ),
    );
    expect(problems).toEqual([
      {
        pointer: '/steps/0/input/m/method',
        message:
          'Unknown or forbidden operator "method"; allowed: var, missing, missing_some, if, ?:, ==, ===, !=, !==, !, !!, or, and, >, >=, <, <=, max, min, +, -, *, /, %, in, cat, substr, merge.',
      },
      { pointer: '/steps/0/input/c/var', message: 'A "var" takes a literal path string (optionally [path, default] with a plain default).' },
      { pointer: '/steps/0/input/p/var', message: 'The path "input.constructor" uses a forbidden key.' },
      { pointer: '/steps/0/input/r/var', message: 'The path "secrets.key" must start with "input" or "outputs.<node name>".' },
    ]);
  });

  it('checks choice conditions and the saga output too', () => {
    const definition: SagaDefinition = {
      ...withSteps(testStep('a'), {
        type: 'choice',
        name: 'c',
        choices: [{ name: 'y', when: { var: 'outputs.z' }, steps: [testStep('z')] }],
        otherwise: { name: 'n', steps: [] },
      }),
      output: { o: { bogus: 1 } },
    };
    expect(validateDefinition(definition)).toEqual([
      {
        pointer: '/steps/1/choices/0/when/var',
        message: 'The path "outputs.z" refers to "z", which does not finish before this point (it runs later or in a parallel branch).',
      },
      {
        pointer: '/output/o/bogus',
        message:
          'Unknown or forbidden operator "bogus"; allowed: var, missing, missing_some, if, ?:, ==, ===, !=, !==, !, !!, or, and, >, >=, <, <=, max, min, +, -, *, /, %, in, cat, substr, merge.',
      },
    ]);
  });
});
