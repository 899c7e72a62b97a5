import assert from 'node:assert/strict';
import type { CommandKind, ReplyFailure, ReplyOutcome } from '@saga-coordinator/contracts';
import { decide } from '../decide.js';
import type { SagaDefinition } from '../definition/saga-definition.js';
import type { CommandToSend, Decision, DecisionContext, TimerKind, TimerToArm } from '../decision.js';
import { TimerKinds } from '../decision.js';
import type { IgnoreReason } from '../ignore-reason.js';
import type { SagaState } from '../state/saga-state.js';
import type { SagaStatus } from '../state/saga-status.js';
import type { StepStatus } from '../state/step-status.js';
import type { StepLogType } from '../step-log-type.js';
import type { SagaTrigger, StepReplyReceived } from '../triggers/saga-trigger.js';

/** Options of a scenario: the clock's start and the jitter source (both fixed by default). */
export interface ScenarioOptions {
  readonly now?: string;
  readonly random?: () => number;
}

/** A reply to send; kind and attempt default to those of the latest command sent for the step. */
export type ScenarioReply = Partial<StepReplyReceived> & { readonly step: string; readonly outcome: ReplyOutcome };

/**
 * A given/expect harness (after eventuate's `SagaUnitTestSupport`) that drives the pure engine
 * with no infrastructure: each `when…` feeds one trigger to `decide`, each `expect…` asserts on
 * the latest decision or on the state. Assertions throw node's `AssertionError`.
 *
 * @example
 * givenSaga(order).startedWith(input)
 *   .expectCommand({ step: 'reserve-inventory', kind: 'execute', attempt: 1 })
 *   .whenStepSucceeds('reserve-inventory', { reservationId: 'r1' })
 *   .whenStepFails('charge-payment', { code: 'declined', message: 'Card declined' })
 *   .expectCommand({ step: 'reserve-inventory', kind: 'compensate', attempt: 1 })
 *   .whenCompensated('reserve-inventory')
 *   .expectStatus('COMPENSATED');
 */
export function givenSaga(definition: SagaDefinition, options: ScenarioOptions = {}): SagaScenario {
  return new SagaScenario(definition, options);
}

export class SagaScenario {
  private currentState: SagaState | undefined;
  private nowMs: number;
  private readonly random: () => number;
  /** Every decision so far, oldest first. */
  readonly decisions: Decision[] = [];
  /** Every command sent so far, in order. */
  readonly commands: CommandToSend[] = [];

  constructor(
    readonly definition: SagaDefinition,
    options: ScenarioOptions,
  ) {
    this.nowMs = Date.parse(options.now ?? '2026-01-01T00:00:00.000Z');
    this.random = options.random ?? (() => 0.5);
  }

  /** The saga's current state; throws before the saga started. */
  get state(): SagaState {
    assert.ok(this.currentState, 'The saga has not started: call startedWith() first.');
    return this.currentState;
  }

  /** The latest decision; throws before any trigger. */
  get lastDecision(): Decision {
    const last = this.decisions.at(-1);
    assert.ok(last, 'No decision yet: call startedWith() first.');
    return last;
  }

  get context(): DecisionContext {
    return { now: new Date(this.nowMs).toISOString(), random: this.random };
  }

  // ── when ──────────────────────────────────────────────────────────────────────────────

  startedWith(input: unknown): this {
    return this.when({ type: 'StartSaga', input });
  }

  /** Feeds any trigger to the engine. */
  when(trigger: SagaTrigger): this {
    const decision = decide(this.definition, this.currentState, trigger, this.context);
    this.currentState = decision.state;
    this.decisions.push(decision);
    this.commands.push(...decision.commands);
    return this;
  }

  /** Lets time pass (timers still fire only when told to). */
  after(ms: number): this {
    this.nowMs += ms;
    return this;
  }

  whenReplied(reply: ScenarioReply): this {
    const latest = this.latestCommand(reply.step, reply.kind);
    return this.when({
      ...reply,
      type: 'StepReplyReceived',
      kind: reply.kind ?? latest?.kind ?? 'execute',
      attempt: reply.attempt ?? latest?.attempt ?? 1,
    });
  }

  whenStepSucceeds(step: string, output: unknown = { done: step }, attempt?: number): this {
    return this.whenReplied({ step, kind: 'execute', outcome: 'succeeded', output, ...(attempt !== undefined ? { attempt } : {}) });
  }

  /** A business failure. */
  whenStepFails(step: string, failure: ReplyFailure = { code: 'refused', message: `${step} refused` }): this {
    return this.whenReplied({ step, kind: 'execute', outcome: 'failed', failure });
  }

  /** A technical error. */
  whenStepErrors(step: string, failure: ReplyFailure = { code: 'boom', message: `${step} crashed` }): this {
    return this.whenReplied({ step, kind: 'execute', outcome: 'error', failure });
  }

  whenStepTimesOut(step: string): this {
    return this.whenTimerFires(TimerKinds.stepTimeout, step, this.state.steps[step]?.attempt);
  }

  whenStepRetryIsDue(step: string): this {
    return this.whenTimerFires(TimerKinds.stepRetry, step, this.state.steps[step]?.attempt);
  }

  whenCompensated(step: string): this {
    return this.whenReplied({ step, kind: 'compensate', outcome: 'compensated' });
  }

  whenCompensationErrors(step: string, failure: ReplyFailure = { code: 'boom', message: `undo ${step} crashed` }): this {
    return this.whenReplied({ step, kind: 'compensate', outcome: 'error', failure });
  }

  whenCompensationTimesOut(step: string): this {
    return this.whenTimerFires(TimerKinds.compensationTimeout, step, this.state.steps[step]?.compensation?.attempt);
  }

  whenCompensationRetryIsDue(step: string): this {
    return this.whenTimerFires(TimerKinds.compensationRetry, step, this.state.steps[step]?.compensation?.attempt);
  }

  whenTimerFires(kind: TimerKind, step?: string, attempt?: number): this {
    return this.when({
      type: 'TimerFired',
      kind,
      ...(step !== undefined ? { step } : {}),
      ...(attempt !== undefined ? { attempt } : {}),
    });
  }

  whenDeadlinePasses(): this {
    return this.whenTimerFires(TimerKinds.sagaDeadline);
  }

  whenCancelled(reason = 'customer changed their mind'): this {
    return this.when({ type: 'CancelRequested', reason, by: 'tester' });
  }

  whenOperatorRetries(): this {
    return this.when({ type: 'RetryRequested', by: 'operator' });
  }

  whenOperatorResolves(step: string, reason = 'undone by hand'): this {
    return this.when({ type: 'StepResolved', step, reason, by: 'operator' });
  }

  // ── expect ────────────────────────────────────────────────────────────────────────────

  expectStatus(status: SagaStatus): this {
    assert.equal(this.state.status, status, `saga status`);
    return this;
  }

  expectStepStatus(step: string, status: StepStatus): this {
    assert.equal(this.state.steps[step]?.status, status, `status of step ${step}`);
    return this;
  }

  /** The latest decision sent exactly this one command (step, kind, attempt; payload if given). */
  expectCommand(expected: { step: string; kind: CommandKind; attempt: number; payload?: unknown }): this {
    const sent = this.lastDecision.commands.map(({ step, kind, attempt, payload }) =>
      expected.payload === undefined ? { step, kind, attempt } : { step, kind, attempt, payload },
    );
    assert.deepEqual(sent, [expected], 'commands of the latest decision');
    return this;
  }

  expectNoCommands(): this {
    assert.deepEqual(this.lastDecision.commands, [], 'commands of the latest decision');
    return this;
  }

  /** The latest decision armed a timer matching these fields. */
  expectTimerArmed(expected: Partial<TimerToArm> & { kind: TimerKind }): this {
    const match = this.lastDecision.timers.some((timer) =>
      Object.entries(expected).every(([key, value]) => timer[key as keyof TimerToArm] === value),
    );
    assert.ok(match, `expected a timer ${JSON.stringify(expected)}, got ${JSON.stringify(this.lastDecision.timers)}`);
    return this;
  }

  /** The latest decision logged an entry of this type (for this step, if given). */
  expectLogged(type: StepLogType, step?: string): this {
    const found = this.lastDecision.log.some((entry) => entry.type === type && (step === undefined || entry.step === step));
    assert.ok(found, `expected a ${type} log entry${step ? ` for ${step}` : ''}, got ${this.lastDecision.log.map((e) => e.type).join(', ')}`);
    return this;
  }

  /** The latest trigger changed nothing: same state, no actions, one ReplyIgnored entry. */
  expectIgnored(why?: IgnoreReason): this {
    const previous = this.decisions.at(-2)?.state;
    const decision = this.lastDecision;
    assert.deepEqual(decision.state, previous, 'state after an ignored trigger');
    assert.deepEqual([decision.commands, decision.timers], [[], []], 'actions of an ignored trigger');
    assert.deepEqual(
      decision.log.map((entry) => entry.type),
      ['ReplyIgnored'],
      'log of an ignored trigger',
    );
    if (why !== undefined) assert.equal(decision.log[0]?.data?.['why'], why, 'why the trigger was ignored');
    return this;
  }

  /** All compensate commands sent so far, first attempts only, in order. */
  expectCompensationOrder(steps: readonly string[]): this {
    const compensated = this.commands.filter((c) => c.kind === 'compensate' && c.attempt === 1).map((c) => c.step);
    assert.deepEqual(compensated, steps, 'order of compensations');
    return this;
  }

  /** Asserts anything else on the current state. */
  expectState(check: (state: SagaState) => void): this {
    check(this.state);
    return this;
  }

  private latestCommand(step: string, kind?: CommandKind): CommandToSend | undefined {
    return this.commands.filter((c) => c.step === step && (kind === undefined || c.kind === kind)).at(-1);
  }
}
