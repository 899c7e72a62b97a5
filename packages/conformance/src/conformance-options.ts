/** What the kit needs to know about the participant under test. */
export interface ConformanceOptions {
  /** `amqp://user:pass@host:port/vhost` of the broker the participant consumes from. */
  readonly amqpUrl: string;
  /** The participant's name: its queue is `saga.participant.<name>`. */
  readonly participant: string;
  /** An `execute` command the participant handles and that succeeds for `input`. */
  readonly command: string;
  /** The compensation command that undoes `command`. */
  readonly compensation: string;
  /**
   * The saga input sent in every command's payload (`payload.input`). Every string in it that
   * contains `{{sagaId}}` gets the saga id of the run, so that each saga the kit plays has its
   * own business key (an order id, say). Default `{}`.
   */
  readonly input?: unknown;
  /**
   * The input of the `compensation-during-execute` rule, when another one makes the execute slow
   * enough for the compensation to arrive while it runs (say, an order id your test build delays).
   * Default `input`: a participant that handles commands concurrently still races the two.
   */
  readonly duringInput?: unknown;
  /** How long after that execute the compensation is sent (so the execute has begun). Default 0. */
  readonly duringDelayMs?: number;
  /** Earlier steps' outputs (`payload.outputs` of an execute). Default `{}`. */
  readonly outputs?: Readonly<Record<string, unknown>>;
  /**
   * Optional probe: an `execute` command the participant exposes for the kit. Payload
   * `{ input: { sagaId, step }, outputs: {} }`; it must reply `succeeded` with output
   * `{ executions, compensations }`: how many times the business effect of that (saga, step)'s
   * execute and compensate handlers committed. With it the kit checks "one effect" directly.
   */
  readonly probeCommand?: string;
  /** The participant's largest accepted command body. Default 1 MiB (the SDK's). */
  readonly maxMessageBytes?: number;
  /** How long to wait for a reply or a dead letter. Default 10 s. */
  readonly timeoutMs?: number;
  /** How long to watch for a reply that must not come (a second reply, a reply to a refused message). Default 1.5 s. */
  readonly quietMs?: number;
}

export const ConformanceDefaults = {
  maxMessageBytes: 1024 * 1024,
  timeoutMs: 10_000,
  quietMs: 1_500,
  duringDelayMs: 0,
} as const;

/** Options with every default filled in. */
export type ResolvedConformanceOptions = Required<Omit<ConformanceOptions, 'probeCommand' | 'duringInput'>> &
  Pick<ConformanceOptions, 'probeCommand' | 'duringInput'>;

export function resolveOptions(options: ConformanceOptions): ResolvedConformanceOptions {
  return {
    amqpUrl: options.amqpUrl,
    participant: options.participant,
    command: options.command,
    compensation: options.compensation,
    input: options.input ?? {},
    outputs: options.outputs ?? {},
    maxMessageBytes: options.maxMessageBytes ?? ConformanceDefaults.maxMessageBytes,
    timeoutMs: options.timeoutMs ?? ConformanceDefaults.timeoutMs,
    quietMs: options.quietMs ?? ConformanceDefaults.quietMs,
    duringDelayMs: options.duringDelayMs ?? ConformanceDefaults.duringDelayMs,
    ...(options.probeCommand !== undefined ? { probeCommand: options.probeCommand } : {}),
    ...(options.duringInput !== undefined ? { duringInput: options.duringInput } : {}),
  };
}

/** `input` with `{{sagaId}}` replaced in every string, at any depth. */
export function inputFor(input: unknown, sagaId: string): unknown {
  if (typeof input === 'string') return input.replaceAll('{{sagaId}}', sagaId);
  if (Array.isArray(input)) return input.map((item) => inputFor(item, sagaId));
  if (typeof input === 'object' && input !== null) {
    return Object.fromEntries(Object.entries(input).map(([key, value]) => [key, inputFor(value, sagaId)]));
  }
  return input;
}
