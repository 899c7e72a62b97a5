import type { StandardSchemaV1 } from '@standard-schema/spec';
import { ReplyOutcomes } from '@saga-coordinator/contracts';
import { SdkFailureCodes } from './fence-outcome.js';
import type { CompensateHandler, ExecuteHandler } from './step-handler.js';
import { FailureLimits, StepResult, truncate } from './step-result.js';

/**
 * The schemas of an `execute` command: `input` checks `command.payload` (what the step's `input`
 * mapping produced, `{ input, outputs }` by default) before the handler runs, `output` checks
 * what the handler returns with `StepResult.succeeded`. Any Standard Schema (zod 4, Valibot,
 * ArkType…): https://standardschema.dev.
 */
export interface ExecuteSchemas<Input extends StandardSchemaV1 | undefined = undefined, Output extends StandardSchemaV1 | undefined = undefined> {
  readonly input?: Input;
  readonly output?: Output;
}

/** The schema of a compensation command: `input` checks `command.payload`, `{ input, output }`. */
export interface CompensateSchemas<Input extends StandardSchemaV1 | undefined = undefined> {
  readonly input?: Input;
}

/** The payload type a handler sees: the schema's output (after its transforms), `unknown` without a schema. */
export type PayloadOf<Schema> = Schema extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<Schema> : unknown;
/** The output type a handler returns: the schema's input (it is checked, then its output is sent), `unknown` without one. */
export type OutputOf<Schema> = Schema extends StandardSchemaV1 ? StandardSchemaV1.InferInput<Schema> : unknown;

/**
 * An error that becomes an `error` reply with its own failure code rather than
 * `handler-error` (a compensation payload or a step output its schema refused).
 */
export class SdkReplyError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SdkReplyError';
  }
}

/** `payload.input.amount: Expected number, received string; …`, cut to a reply's failure message size. */
export function describeIssues(what: string, issues: ReadonlyArray<StandardSchemaV1.Issue>): string {
  const listed = issues.map((issue) => {
    const path = (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  return truncate(`${what} does not match its schema: ${listed.join('; ')}`, FailureLimits.messageLength);
}

async function check(schema: StandardSchemaV1, value: unknown): Promise<StandardSchemaV1.Result<unknown>> {
  return schema['~standard'].validate(value);
}

/**
 * Wraps an `execute` handler with its schemas. A payload the `input` schema refuses is answered
 * `failed` with code `invalid-payload` (a business failure: final, the saga compensates; the
 * handler does not run and the fence records the refusal, so a redelivery gets the same
 * answer). An output the `output` schema refuses rolls back and is answered `error` with code
 * `invalid-output` (a bug in the handler, retried per the step's policy).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- handlers typed by their schemas' payloads are accepted whatever the payload type; unknown cannot say that (handler parameters are contravariant) */
export function withExecuteSchemas<Tx>(
  schemas: ExecuteSchemas<StandardSchemaV1 | undefined, StandardSchemaV1 | undefined>,
  handler: ExecuteHandler<Tx, any, any>,
): ExecuteHandler<Tx> {
  /* eslint-enable @typescript-eslint/no-explicit-any */
  const { input, output } = schemas;
  return async (command, ctx) => {
    let payload = command.payload;
    if (input !== undefined) {
      const checked = await check(input, command.payload);
      if (checked.issues !== undefined)
        return StepResult.failed(SdkFailureCodes.invalidPayload, describeIssues('the command payload', checked.issues));
      payload = checked.value;
    }
    const result = await handler({ ...command, payload }, ctx);
    if (output === undefined || typeof result !== 'object' || result === null || result.outcome !== ReplyOutcomes.succeeded) return result;
    const checked = await check(output, result.output);
    if (checked.issues !== undefined) throw new SdkReplyError(SdkFailureCodes.invalidOutput, describeIssues('the step output', checked.issues));
    return StepResult.succeeded(checked.value);
  };
}

/**
 * Wraps a compensation handler with its schema. A payload the schema refuses is answered `error`
 * with code `invalid-payload` (a compensation cannot be refused: the coordinator retries it per
 * its `compensationRetry` policy, then marks the saga `COMPENSATION_FAILED` for a human).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- handlers typed by their schemas' payloads are accepted whatever the payload type; unknown cannot say that (handler parameters are contravariant) */
export function withCompensateSchemas<Tx>(
  schemas: CompensateSchemas<StandardSchemaV1 | undefined>,
  handler: CompensateHandler<Tx, any>,
): CompensateHandler<Tx> {
  /* eslint-enable @typescript-eslint/no-explicit-any */
  const { input } = schemas;
  return async (command, ctx) => {
    if (input === undefined) return handler(command, ctx);
    const checked = await check(input, command.payload);
    if (checked.issues !== undefined)
      throw new SdkReplyError(SdkFailureCodes.invalidPayload, describeIssues('the compensation payload', checked.issues));
    return handler({ ...command, payload: checked.value }, ctx);
  };
}
