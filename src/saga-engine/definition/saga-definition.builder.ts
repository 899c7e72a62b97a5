import { InvalidDefinitionError } from '../errors/invalid-definition.error.js';
import type {
  BranchDefinition,
  ChildDefinition,
  ChoiceBranchDefinition,
  Expression,
  FlowNode,
  Mapping,
  RetryPolicy,
  SagaDefinition,
  StepDefinition,
  StepKind,
} from './saga-definition.js';
import { DefaultCompensationRetryPolicy, DefaultRetryPolicy, DefaultStepTimeoutMs, FlowNodeTypes, StepKinds } from './saga-definition.js';
import { validateDefinition } from './validate-definition.js';

/**
 * Starts a saga definition in TypeScript; `build()` applies the defaults of saga-definition.ts
 * and validates. The result is the same data as the JSON form.
 *
 * @example
 * defineSaga('order').version(1).input(orderInputSchema)
 *   .step('reserve-inventory', (s) => s.participant('inventory').command('reserve-inventory').compensation('release-inventory'))
 *   .build();
 */
export function defineSaga(name: string): SagaDefinitionBuilder {
  return new SagaDefinitionBuilder(name);
}

/** A sequence of nodes: the saga's top level, or one branch of a parallel group or choice. */
export class FlowBuilder {
  protected readonly nodes: FlowNode[] = [];

  /** Appends a participant step; nodes run in the order they are added. */
  step(name: string, configure: (step: StepBuilder) => StepBuilder): this {
    this.nodes.push(configure(new StepBuilder(name)).build());
    return this;
  }

  /** Fork/join: every branch starts together; the next node starts when all are done. */
  parallel(name: string, configure: (group: ParallelBuilder) => ParallelBuilder): this {
    this.nodes.push({ type: FlowNodeTypes.parallel, name, branches: configure(new ParallelBuilder()).branches });
    return this;
  }

  /** Runs the first branch whose condition holds, else the `otherwise` branch (empty unless given). */
  choice(name: string, configure: (choice: ChoiceBuilder) => ChoiceBuilder): this {
    const built = configure(new ChoiceBuilder());
    this.nodes.push({ type: FlowNodeTypes.choice, name, choices: built.choices, otherwise: built.otherwiseBranch });
    return this;
  }

  /** Suspends until `signal` arrives (its payload becomes this node's output); fails after `timeoutMs`. */
  wait(name: string, signal: string, timeoutMs: number): this {
    this.nodes.push({ type: FlowNodeTypes.wait, name, signal, timeoutMs });
    return this;
  }

  /** A durable pause. */
  delay(name: string, delayMs: number): this {
    this.nodes.push({ type: FlowNodeTypes.delay, name, delayMs });
    return this;
  }

  /** Starts the registered definition `definition` as a child saga and waits for its outcome. */
  child(name: string, definition: string, configure: (child: ChildBuilder) => ChildBuilder = (child) => child): this {
    this.nodes.push(configure(new ChildBuilder(name, definition)).build());
    return this;
  }

  /** The nodes added so far. */
  buildNodes(): FlowNode[] {
    return [...this.nodes];
  }
}

/** The branches of a parallel group. */
export class ParallelBuilder {
  readonly branches: BranchDefinition[] = [];

  branch(name: string, configure: (branch: FlowBuilder) => FlowBuilder): this {
    this.branches.push({ name, steps: configure(new FlowBuilder()).buildNodes() });
    return this;
  }
}

/** The alternatives of a choice, tried in order, and its default. */
export class ChoiceBuilder {
  readonly choices: ChoiceBranchDefinition[] = [];
  otherwiseBranch: BranchDefinition = { name: 'otherwise', steps: [] };

  /** Taken when the JSON Logic `condition` holds (the first such wins). */
  when(name: string, condition: Expression, configure: (branch: FlowBuilder) => FlowBuilder): this {
    this.choices.push({ name, when: condition, steps: configure(new FlowBuilder()).buildNodes() });
    return this;
  }

  otherwise(name: string, configure: (branch: FlowBuilder) => FlowBuilder): this {
    this.otherwiseBranch = { name, steps: configure(new FlowBuilder()).buildNodes() };
    return this;
  }
}

/** Fluent builder of a `SagaDefinition`. */
export class SagaDefinitionBuilder extends FlowBuilder {
  private versionNumber = 1;
  private descriptionText: string | undefined;
  private schema: Readonly<Record<string, unknown>> = {};
  private deadline: number | undefined;
  private retention: number | undefined;
  private outputMapping: Mapping | undefined;

  constructor(private readonly name: string) {
    super();
  }

  /** The completed saga's output (JSON Logic per field); default: every node's output by name. */
  output(mapping: Mapping): this {
    this.outputMapping = mapping;
    return this;
  }

  version(version: number): this {
    this.versionNumber = version;
    return this;
  }

  description(description: string): this {
    this.descriptionText = description;
    return this;
  }

  /** JSON Schema (draft 2020-12) the saga input must satisfy. */
  input(schema: Readonly<Record<string, unknown>>): this {
    this.schema = schema;
    return this;
  }

  /** Whole-saga deadline: a saga still running after it turns back. */
  deadlineMs(deadlineMs: number): this {
    this.deadline = deadlineMs;
    return this;
  }

  /** How long a finished saga is kept before housekeeping deletes it (default: the service's). */
  retentionMs(retentionMs: number): this {
    this.retention = retentionMs;
    return this;
  }

  /** @throws InvalidDefinitionError carrying every problem found. */
  build(): SagaDefinition {
    const definition: SagaDefinition = {
      name: this.name,
      version: this.versionNumber,
      ...(this.descriptionText !== undefined ? { description: this.descriptionText } : {}),
      inputSchema: this.schema,
      steps: this.buildNodes(),
      ...(this.deadline !== undefined ? { deadlineMs: this.deadline } : {}),
      ...(this.retention !== undefined ? { retentionMs: this.retention } : {}),
      ...(this.outputMapping !== undefined ? { output: this.outputMapping } : {}),
    };
    const problems = validateDefinition(definition);
    if (problems.length > 0) throw new InvalidDefinitionError(this.name, problems);
    return definition;
  }
}

/** Fluent builder of one step. Kind defaults to `compensatable`; use `pivot()` / `retriable()`. */
export class StepBuilder {
  private participantName = '';
  private commandName = '';
  private compensationName: string | undefined;
  private stepKind: StepKind = StepKinds.compensatable;
  private timeoutMs = DefaultStepTimeoutMs;
  private retryPolicy: RetryPolicy = DefaultRetryPolicy;
  private compensationRetryPolicy: RetryPolicy = DefaultCompensationRetryPolicy;
  private inputMapping: Mapping | undefined;

  constructor(private readonly name: string) {}

  participant(participant: string): this {
    this.participantName = participant;
    return this;
  }

  command(command: string): this {
    this.commandName = command;
    return this;
  }

  /** The command that undoes this step (compensatable steps only). */
  compensation(compensation: string): this {
    this.compensationName = compensation;
    return this;
  }

  /** The point of no return: no compensation; once it succeeds the saga only goes forward. */
  pivot(): this {
    this.stepKind = StepKinds.pivot;
    return this;
  }

  /** After the pivot: retried until it succeeds, never compensated. */
  retriable(): this {
    this.stepKind = StepKinds.retriable;
    return this;
  }

  kind(kind: StepKind): this {
    this.stepKind = kind;
    return this;
  }

  timeout(timeoutMs: number): this {
    this.timeoutMs = timeoutMs;
    return this;
  }

  /** Retries of technical errors and timeouts; unspecified fields keep their defaults. */
  retry(policy: Partial<RetryPolicy>): this {
    this.retryPolicy = { ...DefaultRetryPolicy, ...policy };
    return this;
  }

  /** Retries of the compensation (its own budget); unspecified fields keep their defaults. */
  compensationRetry(policy: Partial<RetryPolicy>): this {
    this.compensationRetryPolicy = { ...DefaultCompensationRetryPolicy, ...policy };
    return this;
  }

  /** The command payload, JSON Logic per field over `{ input, outputs }`; default `{ input, outputs }`. */
  input(mapping: Mapping): this {
    this.inputMapping = mapping;
    return this;
  }

  build(): StepDefinition {
    return {
      type: 'step',
      name: this.name,
      participant: this.participantName,
      command: this.commandName,
      ...(this.compensationName !== undefined ? { compensation: this.compensationName } : {}),
      kind: this.stepKind,
      timeoutMs: this.timeoutMs,
      retry: this.retryPolicy,
      compensationRetry: this.compensationRetryPolicy,
      ...(this.inputMapping !== undefined ? { input: this.inputMapping } : {}),
    };
  }
}

/** Fluent builder of a child node. Kind defaults to `compensatable`. */
export class ChildBuilder {
  private pinned: number | undefined;
  private stepKind: StepKind = StepKinds.compensatable;
  private inputMapping: Mapping | undefined;
  private timeoutMs: number | undefined;

  constructor(
    private readonly name: string,
    private readonly definition: string,
  ) {}

  /** Starts exactly this version (default: the latest when the child starts). */
  version(version: number): this {
    this.pinned = version;
    return this;
  }

  kind(kind: StepKind): this {
    this.stepKind = kind;
    return this;
  }

  /** The child saga's input, JSON Logic per field over `{ input, outputs }`; default `{ input, outputs }`. */
  input(mapping: Mapping): this {
    this.inputMapping = mapping;
    return this;
  }

  /** No outcome by then: the child is cancelled and compensated and the parent turns back. */
  timeout(timeoutMs: number): this {
    this.timeoutMs = timeoutMs;
    return this;
  }

  build(): ChildDefinition {
    return {
      type: FlowNodeTypes.child,
      name: this.name,
      definition: { name: this.definition, ...(this.pinned !== undefined ? { version: this.pinned } : {}) },
      kind: this.stepKind,
      ...(this.inputMapping !== undefined ? { input: this.inputMapping } : {}),
      ...(this.timeoutMs !== undefined ? { timeoutMs: this.timeoutMs } : {}),
    };
  }
}
