import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { participantSteps } from './definition/flow.util.js';
import { decide } from './decide.js';
import type { SagaDefinition, StepDefinition } from './definition/saga-definition.js';
import type { CommandToSend, Decision, DecisionContext } from './decision.js';
import { canCancel } from './rules/can-cancel.rule.js';
import type { SagaState } from './state/saga-state.js';
import { testRetryPolicy, testSaga, testStep } from './testing/definition-fixture.js';
import { givenSaga } from './testing/saga-scenario.js';
import type { SagaTrigger } from './triggers/saga-trigger.js';

/** Any valid shape: compensatable* → pivot? → retriable*, 1 to 8 steps, small budgets. */
const definitions = fc
  .record({
    compensatable: fc.integer({ min: 0, max: 8 }),
    pivot: fc.boolean(),
    retriable: fc.integer({ min: 0, max: 3 }),
    maxAttempts: fc.integer({ min: 1, max: 3 }),
    compensationAttempts: fc.integer({ min: 1, max: 3 }),
    deadline: fc.boolean(),
  })
  .filter(({ compensatable, pivot, retriable }) => {
    const total = compensatable + (pivot ? 1 : 0) + retriable;
    return total >= 1 && total <= 8;
  })
  .map(({ compensatable, pivot, retriable, maxAttempts, compensationAttempts, deadline }): SagaDefinition => {
    const policies = { retry: testRetryPolicy(maxAttempts), compensationRetry: testRetryPolicy(compensationAttempts) };
    const steps: StepDefinition[] = [
      ...Array.from({ length: compensatable }, (_, i) => testStep(`c${i}`, policies)),
      ...(pivot ? [testStep('pivot', { ...policies, kind: 'pivot', compensation: undefined })] : []),
      ...Array.from({ length: retriable }, (_, i) => testStep(`r${i}`, { ...policies, kind: 'retriable', compensation: undefined })),
    ];
    return testSaga(steps, deadline ? { deadlineMs: 5_000 } : {});
  });

/** Replies and timers with any step name (known or not), attempt, kind and outcome. */
const anyReplyOrTimer: fc.Arbitrary<SagaTrigger> = fc.oneof(
  fc.record({
    type: fc.constant('StepReplyReceived' as const),
    step: fc.constantFrom('c0', 'c1', 'pivot', 'r0', 'nope'),
    kind: fc.constantFrom('execute' as const, 'compensate' as const),
    attempt: fc.integer({ min: 1, max: 5 }),
    outcome: fc.constantFrom('succeeded' as const, 'failed' as const, 'error' as const, 'compensated' as const),
  }),
  fc.record(
    {
      type: fc.constant('TimerFired' as const),
      kind: fc.constantFrom(
        'step-timeout' as const,
        'step-retry' as const,
        'compensation-timeout' as const,
        'compensation-retry' as const,
        'saga-deadline' as const,
      ),
      step: fc.constantFrom('c0', 'c1', 'pivot', 'r0', 'nope'),
      attempt: fc.integer({ min: 0, max: 5 }),
    },
    { requiredKeys: ['type', 'kind'] },
  ),
);

const context: DecisionContext = { now: '2026-01-01T00:00:00.000Z', random: () => 0.5 };

const compensationStarts = (commands: readonly CommandToSend[]) =>
  commands.filter((command) => command.kind === 'compensate' && command.attempt === 1).map((command) => command.step);

describe(decide.name, () => {
  test.prop([
    definitions.chain((definition) => {
      const failable = participantSteps(definition)
        .filter((step) => step.kind !== 'retriable')
        .map((step) => step.name);
      return fc.tuple(
        fc.constant(definition),
        failable.length > 0 ? fc.constantFrom(...failable) : fc.constant(undefined),
        fc.constantFrom('business', 'errors', 'timeouts'),
      );
    }),
  ])(
    'compensates exactly the done and maybe-done compensatable steps, in reverse, each once, wherever and however a step fails',
    ([definition, failing, how]) => {
      // A pivot whose outcome is unknown is retried until it answers (see its own scenario).
      if (failing === undefined || (how === 'timeouts' && failing === 'pivot')) return;
      const scenario = givenSaga(definition).startedWith({ any: 'input' });
      const names = participantSteps(definition).map((step) => step.name);
      const index = names.indexOf(failing);
      for (const name of names.slice(0, index)) scenario.whenStepSucceeds(name);
      const attempts = participantSteps(definition)[index]!.retry.maxAttempts;
      if (how === 'business') scenario.whenStepFails(failing);
      for (let attempt = 1; how !== 'business' && attempt <= attempts; attempt += 1) {
        if (attempt > 1) scenario.whenStepRetryIsDue(failing);
        if (how === 'errors') scenario.whenStepErrors(failing);
        else scenario.whenStepTimesOut(failing);
      }
      const doneBefore = participantSteps(definition)
        .slice(0, index)
        .filter((step) => step.kind === 'compensatable')
        .map((step) => step.name);
      const maybeDone = how === 'timeouts' ? [failing] : [];
      const expected = [...doneBefore, ...maybeDone].reverse();
      for (const name of expected) scenario.whenCompensated(name);
      scenario.expectStatus('COMPENSATED').expectCompensationOrder(expected);
      for (const name of names.slice(index + 1)) scenario.expectStepStatus(name, 'SKIPPED');
    },
  );

  test.prop([definitions, fc.integer(), fc.integer({ min: 0, max: 80 })])(
    'ends COMPLETED or COMPENSATED under duplicated, reordered and failing deliveries once participants answer, undoing in strict reverse',
    (definition, seed, chaosEvents) => {
      const world = new SimulatedWorld(definition, seed);
      world.run(chaosEvents);
      const state = world.state;
      expect(['COMPLETED', 'COMPENSATED']).toContain(state.status);
      const undoable = state.completionOrder.filter((name) => participantSteps(definition).find((s) => s.name === name)?.kind === 'compensatable');
      if (state.status === 'COMPLETED') {
        expect(Object.values(state.steps).every((step) => step.status === 'SUCCEEDED')).toBe(true);
        expect(compensationStarts(world.commands)).toEqual([]);
      } else {
        // An operator resolves only a step whose compensation already started, so every undoable step has one start.
        expect(compensationStarts(world.commands)).toEqual([...undoable].reverse());
        expect(undoable.every((name) => state.steps[name]?.status === 'COMPENSATED')).toBe(true);
      }
    },
  );

  test.prop([definitions, fc.integer(), fc.integer({ min: 0, max: 40 })])(
    'changes nothing when the same reply or timer is delivered twice in a row',
    (definition, seed, chaosEvents) => {
      const world = new SimulatedWorld(definition, seed);
      world.onApplied = (before, trigger, decision) => {
        if (trigger.type !== 'StepReplyReceived' && trigger.type !== 'TimerFired') return;
        const again = decide(definition, decision.state, trigger, context);
        expect(again.state).toEqual(decision.state);
        expect([again.commands, again.timers]).toEqual([[], []]);
        expect(again.log.map((entry) => entry.type)).toEqual(['ReplyIgnored']);
      };
      world.run(chaosEvents);
    },
  );

  test.prop([definitions, fc.integer(), fc.integer({ min: 0, max: 30 }), fc.array(anyReplyOrTimer, { minLength: 1, maxLength: 5 })])(
    'never throws for any reply or timer, however wrong, in any reachable state',
    (definition, seed, chaosEvents, garbage) => {
      const world = new SimulatedWorld(definition, seed);
      world.onApplied = (_before, _trigger, decision) => {
        for (const trigger of garbage) expect(() => decide(definition, decision.state, trigger, context)).not.toThrow();
      };
      world.run(chaosEvents);
    },
  );

  test.prop([definitions, fc.integer(), fc.integer({ min: 0, max: 40 })])('is deterministic for the same inputs', (definition, seed, chaosEvents) => {
    const world = new SimulatedWorld(definition, seed);
    world.onApplied = (before, trigger, decision) => {
      expect(decide(definition, before, trigger, context)).toEqual(decision);
    };
    world.run(chaosEvents);
  });
});

/**
 * Participants and timers around one saga: every command gets a reply (or none) and every timer
 * fires, delivered in a seeded random order, some twice. After `chaosEvents` deliveries the
 * participants turn healthy (success, compensated), replies overtake timers, and an operator
 * retries a COMPENSATION_FAILED saga (or resolves the stuck step).
 */
class SimulatedWorld {
  state: SagaState;
  readonly commands: CommandToSend[] = [];
  onApplied: (before: SagaState, trigger: SagaTrigger, decision: Decision) => void = () => undefined;
  private readonly inbox: SagaTrigger[] = [];
  private readonly next: () => number;
  private healthy = false;

  constructor(
    private readonly definition: SagaDefinition,
    seed: number,
  ) {
    this.next = mulberry32(seed);
    const decision = decide(definition, undefined, { type: 'StartSaga', input: { seed } }, context);
    this.state = decision.state;
    this.absorb(decision);
  }

  run(chaosEvents: number): void {
    for (let event = 0; event < 2_000; event += 1) {
      this.healthy = event >= chaosEvents;
      if (this.state.status === 'COMPLETED' || this.state.status === 'COMPENSATED') return;
      if (this.state.status === 'COMPENSATION_FAILED' && (this.healthy || this.inbox.length === 0)) {
        this.operatorActs();
        continue;
      }
      if (!this.healthy && this.next() < 0.05 && canCancel(this.definition, this.state) && this.state.status === 'RUNNING') {
        this.apply({ type: 'CancelRequested', reason: 'chaos' });
        continue;
      }
      const index = this.pickDelivery();
      if (index === undefined) throw new Error(`Stuck in ${this.state.status} with nothing to deliver: ${JSON.stringify(this.state)}`);
      const [trigger] = this.inbox.splice(index, 1);
      if (!this.healthy && this.next() < 0.2) this.inbox.push(trigger!); // redelivered later
      this.apply(trigger!);
    }
    throw new Error(`No end after 2000 deliveries: ${JSON.stringify(this.state)}`);
  }

  private operatorActs(): void {
    const stuck = Object.keys(this.state.steps).find((name) => this.state.steps[name]?.status === 'COMPENSATION_FAILED');
    if (stuck !== undefined && this.next() < 0.3) {
      this.apply({ type: 'StepResolved', step: stuck, reason: 'fixed by hand' });
    } else {
      this.apply({ type: 'RetryRequested' });
    }
  }

  /** Healthy participants answer before timers fire; chaos picks anything. */
  private pickDelivery(): number | undefined {
    if (this.inbox.length === 0) return undefined;
    const replies = this.inbox.map((trigger, index) => [trigger, index] as const).filter(([trigger]) => trigger.type === 'StepReplyReceived');
    if (this.healthy && replies.length > 0) return replies[Math.floor(this.next() * replies.length)]![1];
    return Math.floor(this.next() * this.inbox.length);
  }

  private apply(trigger: SagaTrigger): void {
    const before = this.state;
    const decision = decide(this.definition, before, trigger, context);
    this.onApplied(before, trigger, decision);
    this.state = decision.state;
    this.absorb(decision);
    this.checkOneCompensationAtATime();
  }

  private absorb(decision: Decision): void {
    this.commands.push(...decision.commands);
    for (const command of decision.commands) {
      const reply = this.replyTo(command);
      if (reply) this.inbox.push(reply);
    }
    for (const timer of decision.timers) {
      this.inbox.push({
        type: 'TimerFired',
        kind: timer.kind,
        ...(timer.step !== undefined ? { step: timer.step, attempt: timer.attempt ?? 0 } : {}),
      });
    }
  }

  private replyTo(command: CommandToSend): SagaTrigger | undefined {
    const base = { type: 'StepReplyReceived', step: command.step, kind: command.kind, attempt: command.attempt } as const;
    const failure = { code: 'chaos', message: 'chaos' };
    const roll = this.healthy ? 0 : this.next();
    if (command.kind === 'compensate') {
      if (roll < 0.5) return { ...base, outcome: 'compensated' };
      if (roll < 0.8) return { ...base, outcome: 'error', failure };
      if (roll < 0.9) return { ...base, outcome: 'failed', failure };
      return undefined;
    }
    if (roll < 0.55) return { ...base, outcome: 'succeeded', output: { by: command.attempt } };
    if (roll < 0.7) return { ...base, outcome: 'failed', failure };
    if (roll < 0.85) return { ...base, outcome: 'error', failure };
    return undefined;
  }

  /** Strict reverse: at most one step is being undone at a time, and only after every later one. */
  private checkOneCompensationAtATime(): void {
    const order = this.state.completionOrder;
    const busy = order.filter((name) => ['COMPENSATING', 'COMPENSATION_FAILED'].includes(this.state.steps[name]?.status ?? ''));
    expect(busy.length).toBeLessThanOrEqual(1);
    for (const name of busy) {
      const later = order.slice(order.indexOf(name) + 1);
      const undoable = later.filter((step) => participantSteps(this.definition).find((s) => s.name === step)?.kind === 'compensatable');
      expect(undoable.every((step) => this.state.steps[step]?.status === 'COMPENSATED')).toBe(true);
    }
  }
}

/** A tiny seeded PRNG so a failing run can be replayed from fast-check's counterexample. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
