import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { decide } from './decide.js';
import { causalSuccessors, participantSteps } from './definition/flow.util.js';
import type { FlowNode, SagaDefinition } from './definition/saga-definition.js';
import { validateDefinition } from './definition/validate-definition.js';
import type { CommandToSend, DecisionContext } from './decision.js';
import type { SagaState } from './state/saga-state.js';
import { testRetryPolicy, testSaga, testStep } from './testing/definition-fixture.js';

/** A flow shape before names: a step, a wait, or a parallel group of branches of shapes. */
type Shape = { kind: 'step' } | { kind: 'wait' } | { kind: 'parallel'; branches: Shape[][] };

const shape: fc.Arbitrary<Shape> = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<Shape>({ kind: 'step' }),
    fc.constant<Shape>({ kind: 'wait' }),
    fc.array(fc.array(tie('node'), { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 }).map((branches): Shape => ({ kind: 'parallel', branches })),
  ),
})).node;

/** Any valid flow of compensatable steps, waits and (nested) parallel groups, 1 to 5 top-level nodes. */
const flows = fc.array(shape, { minLength: 1, maxLength: 5 }).map((shapes): SagaDefinition => {
  let counter = 0;
  const build = (s: Shape): FlowNode => {
    counter += 1;
    if (s.kind === 'step') return testStep(`s${counter}`, { retry: testRetryPolicy(1), compensationRetry: testRetryPolicy(1) });
    if (s.kind === 'wait') return { type: 'wait', name: `w${counter}`, signal: `go-${counter}`, timeoutMs: 1_000 };
    const name = `p${counter}`;
    return { type: 'parallel', name, branches: s.branches.map((steps, index) => ({ name: `b${index}`, steps: steps.map(build) })) };
  };
  return { ...testSaga([]), steps: shapes.map(build) };
}).filter((definition) => validateDefinition(definition).length === 0 && participantSteps(definition).length > 0);

const context: DecisionContext = { now: '2026-01-01T00:00:00.000Z', random: () => 0.5 };

/** Drives a saga to the end with replies in a seeded random order; records every action. */
function run(definition: SagaDefinition, seed: number, failureRate: number) {
  let rng = seed >>> 0 || 1;
  const random = () => ((rng = (rng * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32);
  const history: { index: number; command: CommandToSend; statusBefore: string }[] = [];
  const compensated = new Map<string, number>();
  let state: SagaState | undefined;
  let index = 0;
  const apply = (trigger: Parameters<typeof decide>[2]) => {
    const decision = decide(definition, state, trigger, context);
    for (const command of decision.commands) history.push({ index, command, statusBefore: state?.status ?? 'NEW' });
    for (const entry of decision.log) if (entry.type === 'CompensationSucceeded' && entry.step) compensated.set(entry.step, index);
    state = decision.state;
    index += 1;
  };
  apply({ type: 'StartSaga', input: {} });
  const answered = new Set<string>();
  for (let guard = 0; guard < 500; guard += 1) {
    const current = state!;
    const open = history.filter(({ command }) => !answered.has(`${command.kind}:${command.step}:${command.attempt}`));
    const waits = Object.entries(current.steps).filter(([name, step]) => name.startsWith('w') && step.status === 'RUNNING').map(([name]) => name);
    const choices = [...open.map((entry) => ({ entry })), ...waits.map((wait) => ({ wait }))];
    if (choices.length === 0) break;
    const pick = choices[Math.floor(random() * choices.length)]!;
    if ('wait' in pick) {
      if (random() < failureRate) apply({ type: 'TimerFired', kind: 'wait-timeout', step: pick.wait, attempt: 1 });
      else apply({ type: 'SignalReceived', signal: `go-${pick.wait.slice(1)}`, payload: {} });
      continue;
    }
    const { command } = pick.entry;
    answered.add(`${command.kind}:${command.step}:${command.attempt}`);
    if (command.kind === 'compensate') apply({ type: 'StepReplyReceived', step: command.step, kind: 'compensate', attempt: command.attempt, outcome: 'compensated' });
    else if (random() < failureRate) apply({ type: 'StepReplyReceived', step: command.step, kind: 'execute', attempt: command.attempt, outcome: 'failed', failure: { code: 'no', message: 'refused' } });
    else apply({ type: 'StepReplyReceived', step: command.step, kind: 'execute', attempt: command.attempt, outcome: 'succeeded', output: { ok: command.step } });
  }
  return { state: state!, history, compensated };
}

describe(`${decide.name} on generated flows`, () => {
  test.prop([flows, fc.integer(), fc.double({ min: 0, max: 0.4, noNaN: true })])(
    'ends COMPLETED or COMPENSATED; undoes every done step once, each only after all its causal successors were undone; starts nothing new after turning back',
    (definition, seed, failureRate) => {
      const { state, history, compensated } = run(definition, seed, failureRate);
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
      const executesAfterTurningBack = history.filter(({ command, statusBefore }) => command.kind === 'execute' && statusBefore !== 'RUNNING' && statusBefore !== 'NEW');
      expect(executesAfterTurningBack).toEqual([]);
      if (state.status === 'COMPENSATED') {
        for (const step of participantSteps(definition)) expect(['COMPENSATED', 'FAILED', 'SKIPPED']).toContain(state.steps[step.name]?.status);
      } else {
        expect(starts).toEqual([]);
      }
    },
  );
});
