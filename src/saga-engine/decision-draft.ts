import { findNode, findParticipantStep } from './definition/flow.util.js';
import type { FlowNode, SagaDefinition, StepDefinition, WorkNode } from './definition/saga-definition.js';
import type {
  ChildSagaToCompensate,
  ChildSagaToStart,
  CommandToSend,
  Decision,
  DecisionContext,
  LogEntry,
  ParentNotice,
  TimerToArm,
} from './decision.js';
import type { NodeDraft, NodeEngine } from './nodes/node-kind.js';
import { findNodeKind } from './nodes/node-kinds.js';
import type { SagaState, StepState } from './state/saga-state.js';

/**
 * The decision being built for one trigger. It only ever replaces its own `state` with new
 * objects (the input state is never mutated), so `decide` stays a pure function.
 */
export class DecisionDraft implements NodeDraft {
  /** The engine's shared transitions bound to this draft, for the node kinds' hooks. */
  readonly engine: NodeEngine;
  private readonly log: LogEntry[] = [];
  private readonly commands: CommandToSend[] = [];
  private readonly timers: TimerToArm[] = [];
  private readonly cancelTimers: Omit<TimerToArm, 'dueInMs'>[] = [];
  private readonly startChildren: ChildSagaToStart[] = [];
  private readonly compensateChildren: ChildSagaToCompensate[] = [];
  private parentNotice: ParentNotice | undefined;

  constructor(
    readonly definition: SagaDefinition,
    public state: SagaState,
    readonly context: DecisionContext,
    engineFor: (draft: DecisionDraft) => NodeEngine,
  ) {
    this.engine = engineFor(this);
  }

  /** The step's definition; callers only pass names taken from the definition or checked before. */
  stepDefinition(name: string): StepDefinition {
    const step = findParticipantStep(this.definition, name);
    if (!step) throw new Error(`Unknown step "${name}" in ${this.definition.name} v${this.definition.version}.`);
    return step;
  }

  /** A node with an effect and a kind: a participant step or a child saga. */
  workNode(name: string): WorkNode {
    const node = this.node(name);
    if (findNodeKind(node.type)?.role !== 'work') throw new Error(`Node "${name}" is a ${node.type}, not a step or child.`);
    return node as WorkNode;
  }

  /** Any node's definition (step, parallel, choice, wait, delay); callers pass names from the definition. */
  node(name: string): FlowNode {
    const node = findNode(this.definition, name);
    if (!node) throw new Error(`Unknown node "${name}" in ${this.definition.name} v${this.definition.version}.`);
    return node;
  }

  step(name: string): StepState {
    const step = this.state.steps[name];
    if (!step) throw new Error(`Step "${name}" has no state.`);
    return step;
  }

  updateSaga(patch: Partial<SagaState>): void {
    this.state = { ...this.state, ...patch };
  }

  updateStep(name: string, patch: Partial<StepState>): void {
    this.state = { ...this.state, steps: { ...this.state.steps, [name]: { ...this.step(name), ...patch } } };
  }

  /** `now + delayMs` as ISO 8601, from the context's clock. */
  at(delayMs: number): string {
    return new Date(Date.parse(this.context.now) + delayMs).toISOString();
  }

  record(entry: LogEntry): void {
    this.log.push(entry);
  }

  send(command: CommandToSend): void {
    this.commands.push(command);
  }

  arm(timer: TimerToArm): void {
    this.timers.push(timer);
  }

  disarm(timer: Omit<TimerToArm, 'dueInMs'>): void {
    this.cancelTimers.push(timer);
  }

  startChild(child: ChildSagaToStart): void {
    this.startChildren.push(child);
  }

  compensateChild(request: ChildSagaToCompensate): void {
    this.compensateChildren.push(request);
  }

  notifyParent(notice: ParentNotice): void {
    this.parentNotice = notice;
  }

  toDecision(): Decision {
    return {
      state: this.state,
      log: [...this.log],
      commands: [...this.commands],
      timers: [...this.timers],
      cancelTimers: [...this.cancelTimers],
      ...(this.startChildren.length > 0 ? { startChildren: [...this.startChildren] } : {}),
      ...(this.compensateChildren.length > 0 ? { compensateChildren: [...this.compensateChildren] } : {}),
      ...(this.parentNotice !== undefined ? { parentNotice: this.parentNotice } : {}),
    };
  }
}
