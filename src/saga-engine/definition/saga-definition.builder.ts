import { InvalidDefinitionError } from '../errors/invalid-definition.error.js';
import type { RetryPolicy, SagaDefinition, StepDefinition, StepKind } from './saga-definition.js';
import { DefaultCompensationRetryPolicy, DefaultRetryPolicy, DefaultStepTimeoutMs, StepKinds } from './saga-definition.js';
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

/** Fluent builder of a `SagaDefinition`. */
export class SagaDefinitionBuilder {
  private versionNumber = 1;
  private descriptionText: string | undefined;
  private schema: Readonly<Record<string, unknown>> = {};
  private deadline: number | undefined;
  private readonly steps: StepDefinition[] = [];

  constructor(private readonly name: string) {}

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

  /** Appends a step; steps run in the order they are added. */
  step(name: string, configure: (step: StepBuilder) => StepBuilder): this {
    this.steps.push(configure(new StepBuilder(name)).build());
    return this;
  }

  /** @throws InvalidDefinitionError carrying every problem found. */
  build(): SagaDefinition {
    const definition: SagaDefinition = {
      name: this.name,
      version: this.versionNumber,
      ...(this.descriptionText !== undefined ? { description: this.descriptionText } : {}),
      inputSchema: this.schema,
      steps: [...this.steps],
      ...(this.deadline !== undefined ? { deadlineMs: this.deadline } : {}),
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
    };
  }
}
