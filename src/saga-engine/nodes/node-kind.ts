import type { DefinitionProblem } from '../definition/definition-problem.js';
import type { BranchDefinition, ChildDefinition, ChoiceDefinition, FlowNode, SagaDefinition, StepDefinition } from '../definition/saga-definition.js';
import type { DecisionContext, LogEntry, TimerKind, TimerToArm } from '../decision.js';
import type { IgnoreReason } from '../ignore-reason.js';
import type { SagaFailure, SagaState, StepError, StepState } from '../state/saga-state.js';
import type { StepLogType } from '../step-log-type.js';
import type { TimerFired } from '../triggers/saga-trigger.js';

/**
 * What the flow walk does with a node: `leaf` does something (or waits) itself, `work` is a
 * leaf with an effect and a kind (compensatable → pivot → retriable), `branching` holds
 * branches of further nodes.
 */
export type FlowRole = 'leaf' | 'work' | 'branching';

/** Whether a sequence of nodes is finished, or still has work running. */
export type Progress = 'done' | 'busy';

/** A branch of a branching node, with its JSON path segments below the node. */
export interface PlacedBranch {
  readonly branch: BranchDefinition;
  readonly path: readonly (string | number)[];
}

/**
 * The engine's shared transitions, offered to node kinds bound to the decision being built
 * (`DecisionDraft.engine`). A node module reaches the rest of the engine only through these, so
 * the node modules (and the registry that lists them) sit below the transitions: no cycle.
 */
export interface NodeEngine {
  /** Start whatever can start now; complete the saga when the flow is done. */
  advance(): void;
  /** Move a sequence of nodes on (what a branching node does with each of its branches). */
  progressSequence(nodes: readonly FlowNode[]): Progress;
  /** The saga stops going forward and undoes what it did. */
  turnBack(failure: SagaFailure): void;
  startStepAttempt(step: StepDefinition, attempt: number): void;
  handleStepProblem(name: string, error: StepError): void;
  startCompensationAttempt(name: string, attempt: number): void;
  handleCompensationProblem(name: string, error: StepError): void;
  startChildSaga(node: ChildDefinition): void;
  onChildTimedOut(name: string, timeoutMs: number): void;
  chooseBranch(node: ChoiceDefinition): void;
}

/** The part of the decision being built that node kinds use (implemented by `DecisionDraft`). */
export interface NodeDraft {
  readonly definition: SagaDefinition;
  readonly state: SagaState;
  readonly context: DecisionContext;
  readonly engine: NodeEngine;
  node(name: string): FlowNode;
  step(name: string): StepState;
  updateStep(name: string, patch: Partial<StepState>): void;
  /** `now + delayMs` as ISO 8601. */
  at(delayMs: number): string;
  record(entry: LogEntry): void;
  arm(timer: TimerToArm): void;
  disarm(timer: Omit<TimerToArm, 'dueInMs'>): void;
}

/** Builds a JSON pointer below the node being checked. */
export type PointerAt = (...segments: (string | number)[]) => string;

/**
 * One node kind of the definition language, in one module (`nodes/<kind>.node.ts`): its JSON
 * shape, its validation, where it sits in the flow, and its lifecycle. The registry
 * (`nodes/node-kinds.ts`) lists them; the engine's walks, rules and handlers dispatch through it
 * instead of switching on the node type. Hooks left out mean "nothing to do".
 */
/** The least a node of any kind has (a kind registered by a test is not in the `FlowNode` union). */
export interface AnyNode {
  readonly type: string;
  readonly name: string;
}

export interface NodeKind<N extends AnyNode = FlowNode> {
  /** The node's `type` in a definition. */
  readonly type: N['type'];
  /** How the API's descriptions name it: in the node type's enum, in a stored flow, in the definition language's schema. */
  readonly label: { readonly type: string; readonly stored: string; readonly language: string };
  readonly role: FlowRole;
  /** Its JSON Schema (draft 2020-12) in the definition language, as `$defs.<type>`; shared parts are `$ref`s to `#/$defs/…`. */
  readonly jsonSchema: Readonly<Record<string, unknown>>;
  /** Step-log entry types only this kind records (each also listed in `StepLogTypes`). */
  readonly logTypes?: readonly StepLogType[];
  /** Timer kinds only this kind arms (each also listed in `TimerKinds`). */
  readonly timerKinds?: readonly TimerKind[];
  /** Its branches, for a branching node (the flow walk descends into them). */
  branches?(node: N): PlacedBranch[];
  /** Its defaults when a JSON definition is read (`fromJson` converts nested sequences). */
  fromJson?(node: Record<string, unknown>, sequenceFromJson: (steps: unknown) => FlowNode[]): N;
  /** Its shape problems: one pointer and sentence each. `depth` is 1 in the top-level sequence. */
  shapeProblems?(node: N, at: PointerAt, depth: number): DefinitionProblem[];
  /** Its bounds problems (timeouts, retry policies), reported after every shape problem. */
  boundProblems?(node: N, at: PointerAt): DefinitionProblem[];
  /**
   * A leaf that can fail on its own (without a kind to order) after the point of no return:
   * the sentence saying why it may not come there (`after` names the pivot or retriable step).
   */
  afterPointOfNoReturn?(node: N, after: string): string;
  /** The flow reached a pending node: start it. */
  start?(draft: NodeDraft, node: N): void;
  /** A running (or pending, `pending`) branching node moves on: whether it is done. */
  progress?(draft: NodeDraft, node: N, pending: boolean): Progress;
  /** One of its timers is due (and not stale). */
  onTimer?(draft: NodeDraft, node: N, timer: TimerFired): void;
  /** Why one of this node's timers must change nothing, or undefined when it is due. Absent: its timers are always outdated. */
  whyTimerIsStale?(state: SagaState, step: StepState, node: N, timer: TimerFired): IgnoreReason | undefined;
  /** The saga turned back while this node was RUNNING and not compensating (e.g. stop a wait). */
  onTurnBack?(draft: NodeDraft, node: N): void;
}
