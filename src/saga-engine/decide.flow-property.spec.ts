import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { decide } from './decide.js';
import { causalSuccessors, workNodes } from './definition/flow.util.js';
import type { FlowNode, SagaDefinition } from './definition/saga-definition.js';
import { validateDefinition } from './definition/validate-definition.js';
import type { CommandToSend, DecisionContext } from './decision.js';
import type { SagaState } from './state/saga-state.js';
import { testRetryPolicy, testSaga, testStep } from './testing/definition-fixture.js';

/** A flow shape before names: a step, a wait, a child saga, or a parallel group of branches of shapes. */
type Shape = { kind: 'step' } | { kind: 'wait' } | { kind: 'child' } | { kind: 'parallel'; branches: Shape[][] };

const shape: fc.Arbitrary<Shape> = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<Shape>({ kind: 'step' }),
    fc.constant<Shape>({ kind: 'wait' }),
    fc.constant<Shape>({ kind: 'child' }),
    fc
      .array(fc.array(tie('node'), { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 })
      .map((branches): Shape => ({ kind: 'parallel', branches })),
  ),
})).node;

/** Any valid flow of compensatable steps, waits, child sagas and (nested) parallel groups, 1 to 5 top-level nodes. */
const flows = fc
  .array(shape, { minLength: 1, maxLength: 5 })
  .map((shapes): SagaDefinition => {
    let counter = 0;
    const build = (s: Shape): FlowNode => {
      counter += 1;
      if (s.kind === 'step') return testStep(`s${counter}`, { retry: testRetryPolicy(1), compensationRetry: testRetryPolicy(1) });
      if (s.kind === 'wait') return { type: 'wait', name: `w${counter}`, signal: `go-${counter}`, timeoutMs: 1_000 };
      if (s.kind === 'child') return { type: 'child', name: `c${counter}`, definition: { name: 'child-flow' }, kind: 'compensatable' };
      const name = `p${counter}`;
      return { type: 'parallel', name, branches: s.branches.map((steps, index) => ({ name: `b${index}`, steps: steps.map(build) })) };
    };
    return { ...testSaga([]), steps: shapes.map(build) };
  })
  .filter((definition) => validateDefinition(definition).length === 0 && workNodes(definition).length > 0);

const context: DecisionContext = { now: '2026-01-01T00:00:00.000Z', random: () => 0.5 };

/** A simulated child saga: what it is, and whether its parent's request to undo it is still on its way. */
type ChildSim = 'running' | 'completed' | 'compensated';

/**
 * Drives a saga to the end with replies in a seeded random order; records every action. Child
 * sagas are simulated asynchronously like the runtime's: a running child finishes on its own
 * (completed, or compensated after a failure), the parent's requests reach it later, and its
 * notices reach the parent later still, in any order.
 */
function run(definition: SagaDefinition, seed: number, failureRate: number) {
  let rng = seed >>> 0 || 1;
  const random = () => (rng = (rng * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32;
  const history: { index: number; command: CommandToSend; statusBefore: string }[] = [];
  const compensated = new Map<string, number>();
  const children = new Map<string, ChildSim>();
  const requests: string[] = [];
  const notices: { step: string; status: 'COMPLETED' | 'COMPENSATED' }[] = [];
  let state: SagaState | undefined;
  let index = 0;
  const apply = (trigger: Parameters<typeof decide>[2]) => {
    const decision = decide(definition, state, trigger, context);
    for (const command of decision.commands) history.push({ index, command, statusBefore: state?.status ?? 'NEW' });
    // A child start or compensation counts as an execute or compensate command of that node.
    const asCommand = (step: string, kind: 'execute' | 'compensate', attempt: number): CommandToSend => ({
      step,
      participant: 'child',
      command: step,
      kind,
      attempt,
      payload: null,
      timeoutMs: 0,
    });
    for (const start of decision.startChildren ?? []) {
      history.push({ index, command: asCommand(start.step, 'execute', 1), statusBefore: state?.status ?? 'NEW' });
      children.set(start.step, 'running');
    }
    for (const request of decision.compensateChildren ?? []) {
      if (request.reason === 'compensate')
        history.push({ index, command: asCommand(request.step, 'compensate', request.attempt), statusBefore: state?.status ?? 'NEW' });
      requests.push(request.step);
    }
    for (const entry of decision.log) if (entry.type === 'CompensationSucceeded' && entry.step) compensated.set(entry.step, index);
    state = decision.state;
    index += 1;
  };
  apply({ type: 'StartSaga', input: {} });
  const answered = new Set<string>();
  for (let guard = 0; guard < 500; guard += 1) {
    const current = state!;
    const open = history.filter(
      ({ command }) => command.participant !== 'child' && !answered.has(`${command.kind}:${command.step}:${command.attempt}`),
    );
    const waits = Object.entries(current.steps)
      .filter(([name, step]) => name.startsWith('w') && step.status === 'RUNNING')
      .map(([name]) => name);
    const running = [...children].filter(([, sim]) => sim === 'running').map(([step]) => step);
    const choices = [
      ...open.map((entry) => ({ entry })),
      ...waits.map((wait) => ({ wait })),
      ...running.map((finish) => ({ finish })),
      ...requests.map((_, request) => ({ request })),
      ...notices.map((_, notice) => ({ notice })),
    ];
    if (choices.length === 0) break;
    const pick = choices[Math.floor(random() * choices.length)]!;
    if ('finish' in pick) {
      const outcome = random() < failureRate ? 'compensated' : 'completed';
      children.set(pick.finish, outcome);
      notices.push({ step: pick.finish, status: outcome === 'completed' ? 'COMPLETED' : 'COMPENSATED' });
      continue;
    }
    if ('request' in pick) {
      const [step] = requests.splice(pick.request, 1);
      children.set(step!, 'compensated');
      notices.push({ step: step!, status: 'COMPENSATED' });
      continue;
    }
    if ('notice' in pick) {
      const [notice] = notices.splice(pick.notice, 1);
      apply({ type: 'ChildSagaFinished', ...notice! });
      continue;
    }
    if ('wait' in pick) {
      if (random() < failureRate) apply({ type: 'TimerFired', kind: 'wait-timeout', step: pick.wait, attempt: 1 });
      else apply({ type: 'SignalReceived', signal: `go-${pick.wait.slice(1)}`, payload: {} });
      continue;
    }
    const { command } = pick.entry;
    answered.add(`${command.kind}:${command.step}:${command.attempt}`);
    if (command.kind === 'compensate')
      apply({ type: 'StepReplyReceived', step: command.step, kind: 'compensate', attempt: command.attempt, outcome: 'compensated' });
    else if (random() < failureRate)
      apply({
        type: 'StepReplyReceived',
        step: command.step,
        kind: 'execute',
        attempt: command.attempt,
        outcome: 'failed',
        failure: { code: 'no', message: 'refused' },
      });
    else
      apply({
        type: 'StepReplyReceived',
        step: command.step,
        kind: 'execute',
        attempt: command.attempt,
        outcome: 'succeeded',
        output: { ok: command.step },
      });
  }
  return { state: state!, history, compensated, children };
}

describe(`${decide.name} on generated flows`, () => {
  test.prop([flows, fc.integer(), fc.double({ min: 0, max: 0.4, noNaN: true })])(
    'ends COMPLETED or COMPENSATED; undoes every done step once, each only after all its causal successors were undone; starts nothing new after turning back',
    (definition, seed, failureRate) => {
      const { state, history, compensated, children } = run(definition, seed, failureRate);
      // Net zero across sagas: a compensated parent leaves no child completed; a completed one, no child undone.
      for (const sim of children.values()) expect(sim).toBe(state.status === 'COMPENSATED' ? 'compensated' : 'completed');
      expect(['COMPLETED', 'COMPENSATED']).toContain(state.status);
      const starts = history.filter(({ command }) => command.kind === 'compensate' && command.attempt === 1);
      expect(new Set(starts.map(({ command }) => command.step)).size).toBe(starts.length);
      const successors = causalSuccessors(definition);
      for (const { index, command } of starts) {
        for (const later of successors.get(command.step) ?? []) {
          const undoneAt = compensated.get(later);
          const laterStarted = starts.some(({ command: other }) => other.step === later);
          if (laterStarted) expect(undoneAt, `${later} undone before ${command.step}`).toBeLessThanOrEqual(index); // the same decision: its reply completed it, then the next started
        }
      }
      const executesAfterTurningBack = history.filter(
        ({ command, statusBefore }) => command.kind === 'execute' && statusBefore !== 'RUNNING' && statusBefore !== 'NEW',
      );
      expect(executesAfterTurningBack).toEqual([]);
      if (state.status === 'COMPENSATED') {
        for (const step of workNodes(definition)) expect(['COMPENSATED', 'FAILED', 'SKIPPED']).toContain(state.steps[step.name]?.status);
      } else {
        expect(starts).toEqual([]);
      }
    },
  );
});
