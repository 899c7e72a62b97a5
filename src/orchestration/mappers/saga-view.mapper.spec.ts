import { describe, expect, it } from 'vitest';
import type { SagaDefinition, StepDefinition } from '../../saga-engine/definition/saga-definition.js';
import { DefaultCompensationRetryPolicy, DefaultRetryPolicy } from '../../saga-engine/definition/saga-definition.js';
import type { StoredSaga } from '../../runtime/ports/saga-store.port.js';
import { childSagaId } from '../../runtime/children/child-saga-messages.mapper.js';
import { toSagaView, toStepView } from './saga-view.mapper.js';

function step(name: string, participant: string): StepDefinition {
  return {
    type: 'step',
    name,
    participant,
    command: name,
    compensation: `undo-${name}`,
    kind: 'compensatable',
    timeoutMs: 1000,
    retry: DefaultRetryPolicy,
    compensationRetry: DefaultCompensationRetryPolicy,
  };
}

const definition: SagaDefinition = { name: 'order', version: 2, inputSchema: {}, steps: [step('a', 'pa'), step('b', 'pb'), step('c', 'pc')] };

const saga: StoredSaga = {
  id: '0190a000-0000-7000-8000-000000000001',
  definitionName: 'order',
  definitionVersion: 2,
  status: 'COMPENSATING',
  lastSeq: 7,
  requestHash: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:01.000Z',
  state: {
    status: 'COMPENSATING',
    input: { orderId: 'o' },
    // Keys deliberately out of definition order.
    steps: {
      b: {
        status: 'FAILED',
        attempt: 3,
        startedAt: '2026-01-01T00:00:00.100Z',
        finishedAt: '2026-01-01T00:00:00.900Z',
        lastError: { kind: 'business', code: 'declined', message: 'card declined' },
      },
      a: {
        status: 'COMPENSATING',
        attempt: 1,
        output: { reservation: 'r1' },
        compensation: {
          attempt: 2,
          startedAt: '2026-01-01T00:00:00.950Z',
          lastError: { kind: 'timeout', code: 'compensation-timeout', message: 'late' },
        },
      },
    },
    completionOrder: ['a'],
  },
};

describe(toSagaView.name, () => {
  const sut = toSagaView(saga, definition);

  it('lists the steps in definition order, PENDING for steps the state does not know', () => {
    expect(sut.steps.map((s) => [s.name, s.participant, s.status])).toEqual([
      ['a', 'pa', 'COMPENSATING'],
      ['b', 'pb', 'FAILED'],
      ['c', 'pc', 'PENDING'],
    ]);
  });

  it('shows outputs, errors and the compensation sub-object', () => {
    expect(sut.steps[0]).toMatchObject({
      output: { reservation: 'r1' },
      error: null,
      compensation: {
        command: 'undo-a',
        attempts: 2,
        startedAt: '2026-01-01T00:00:00.950Z',
        finishedAt: null,
        error: { kind: 'timeout', code: 'compensation-timeout', message: 'late' },
        resolvedBy: null,
      },
    });
    expect(sut.steps[1]).toMatchObject({ attempts: 3, error: { kind: 'business', code: 'declined', message: 'card declined' }, compensation: null });
  });

  it('carries the saga header and null output until completion', () => {
    expect(sut).toMatchObject({ id: saga.id, definition: 'order', version: 2, status: 'COMPENSATING', input: { orderId: 'o' }, output: null });
  });
});

describe(toStepView.name, () => {
  it('shows an operator resolution with a null author when none was given', () => {
    const view = toStepView(step('a', 'pa'), {
      status: 'COMPENSATED',
      attempt: 1,
      compensation: { attempt: 5, resolvedBy: { reason: 'refunded by hand' } },
    });
    expect(view.compensation?.resolvedBy).toEqual({ reason: 'refunded by hand', by: null });
  });
});

describe(`${toSagaView.name} with flows`, () => {
  it('lists every node depth-first with its type, its enclosing branch, the branch a choice took and the signal a wait awaits', () => {
    const flow: SagaDefinition = {
      ...definition,
      steps: [
        {
          type: 'parallel',
          name: 'fork',
          branches: [
            { name: 'left', steps: [step('a', 'pa')] },
            { name: 'right', steps: [{ type: 'wait', name: 'w', signal: 'go', timeoutMs: 10 }] },
          ],
        },
        { type: 'choice', name: 'route', choices: [{ name: 'yes', when: true, steps: [step('b', 'pb')] }], otherwise: { name: 'no', steps: [] } },
      ],
    };
    const running: StoredSaga = {
      ...saga,
      state: {
        status: 'RUNNING',
        input: {},
        completionOrder: [],
        steps: {
          fork: { status: 'SUCCEEDED', attempt: 0 },
          a: { status: 'SUCCEEDED', attempt: 1 },
          w: { status: 'SUCCEEDED', attempt: 1, output: { ok: true } },
          route: { status: 'RUNNING', attempt: 0, branch: 'yes' },
          b: { status: 'RUNNING', attempt: 1 },
        },
      },
    };
    expect(
      toSagaView(running, flow).steps.map(({ name, type, parent, branch, signal, participant, status }) => ({
        name,
        type,
        parent,
        branch,
        signal,
        participant,
        status,
      })),
    ).toEqual([
      { name: 'fork', type: 'parallel', parent: null, branch: null, signal: null, participant: null, status: 'SUCCEEDED' },
      { name: 'a', type: 'step', parent: { node: 'fork', branch: 'left' }, branch: null, signal: null, participant: 'pa', status: 'SUCCEEDED' },
      { name: 'w', type: 'wait', parent: { node: 'fork', branch: 'right' }, branch: null, signal: 'go', participant: null, status: 'SUCCEEDED' },
      { name: 'route', type: 'choice', parent: null, branch: 'yes', signal: null, participant: null, status: 'RUNNING' },
      { name: 'b', type: 'step', parent: { node: 'route', branch: 'yes' }, branch: null, signal: null, participant: 'pb', status: 'RUNNING' },
    ]);
  });
});

describe(`${toSagaView.name} with child sagas`, () => {
  const child = (name: string): SagaDefinition['steps'][number] => ({
    type: 'child',
    name,
    definition: { name: 'payment-flow', version: 3 },
    kind: 'compensatable',
  });
  const flow: SagaDefinition = { ...definition, steps: [child('pay'), child('refused'), child('later')] };
  const parentState: StoredSaga['state'] = {
    status: 'RUNNING',
    input: {},
    completionOrder: ['pay'],
    steps: {
      pay: { status: 'SUCCEEDED', attempt: 1, childStatus: 'COMPLETED', output: { paid: true } },
      refused: { status: 'FAILED', attempt: 1, lastError: { kind: 'business', code: 'child-not-started', message: 'no' } },
      later: { status: 'PENDING', attempt: 0 },
    },
  };

  it("shows each child node's definition, its child saga id once started (derived from the parent id) and how it ended", () => {
    const view = toSagaView({ ...saga, state: parentState }, flow);
    expect(view.steps.map(({ name, kind, child }) => ({ name, kind, child }))).toEqual([
      {
        name: 'pay',
        kind: 'compensatable',
        child: { definition: 'payment-flow', version: 3, sagaId: childSagaId(saga.id, 'pay'), status: 'COMPLETED' },
      },
      { name: 'refused', kind: 'compensatable', child: { definition: 'payment-flow', version: 3, sagaId: null, status: null } },
      { name: 'later', kind: 'compensatable', child: { definition: 'payment-flow', version: 3, sagaId: null, status: null } },
    ]);
    expect([view.parentSagaId, view.parentStep]).toEqual([null, null]);
  });

  it('shows the parent of a child saga', () => {
    const view = toSagaView(
      { ...saga, state: { ...saga.state, parent: { sagaId: '0190a000-0000-7000-8000-000000000009', step: 'pay', notices: 1 } } },
      definition,
    );
    expect([view.parentSagaId, view.parentStep]).toEqual(['0190a000-0000-7000-8000-000000000009', 'pay']);
  });
});
