import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/openapi.js';
import { SagaApiProblem } from './saga-api-problem.js';
import type { Saga, SettledSaga } from './saga-status.js';
import { waitUntilSettled, type WaitOptions } from './wait-for-result.js';

type Schemas = components['schemas'];
export type SagaPage = Schemas['SagaPage'];
export type SagaSummary = Schemas['SagaSummary'];
export type StepLogEntry = Schemas['StepLogEntry'];
export type Definition = Schemas['Definition'];
export type DefinitionBody = Schemas['DefinitionBody'];
export type DefinitionValidation = Schemas['DefinitionValidation'];
export type Participant = Schemas['Participant'];
export type ListSagasQuery = NonNullable<paths['/v1/sagas']['get']['parameters']['query']>;

/** Any JSON object: the saga input of a definition the client was not told about. */
export type JsonObject = Record<string, unknown>;

export interface SagaClientOptions {
  /** The coordinator, e.g. `http://localhost:3000`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <apiKey>`; none when absent or empty. */
  readonly apiKey?: string | undefined;
  /** Another fetch (tests, proxies). */
  readonly fetch?: typeof globalThis.fetch | undefined;
}

export interface StartOptions {
  /** Makes the start safe to repeat: the same key and body answer the original saga. */
  readonly idempotencyKey?: string;
  /** A definition version; the latest when absent. */
  readonly version?: number;
}

export interface StartedSaga {
  readonly saga: Saga;
  /** True when an earlier request with the same Idempotency-Key started it (HTTP 200 instead of 202). */
  readonly replayed: boolean;
}

/** RFC 7240 `Prefer: wait=<seconds>`: a coordinator that supports it answers once the saga settled or the wait ended. */
const preferWait = (seconds: number) => ({ Prefer: `wait=${seconds}` });

/**
 * The typed client of the coordinator's REST API. `Inputs` maps definition names to their input
 * types, so `start('order', input)` checks the input at compile time:
 * `createSagaClient<{ order: OrderInput }>({ url })`. Every error answer throws a SagaApiProblem.
 */
export class SagaClient<Inputs extends object = Record<string, JsonObject>> {
  /** The underlying openapi-fetch client, for anything this class does not wrap. */
  readonly api: Client<paths>;

  constructor(options: SagaClientOptions) {
    this.api = createClient<paths>({
      baseUrl: options.url.replace(/\/+$/, ''),
      headers: options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {},
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Starts a saga (`POST /v1/sagas`). */
  async start<Name extends keyof Inputs & string>(definition: Name, input: Inputs[Name], options: StartOptions = {}): Promise<StartedSaga> {
    const result = await this.api.POST('/v1/sagas', {
      body: { definition, input: input as JsonObject, ...(options.version === undefined ? {} : { version: options.version }) },
      params: { header: options.idempotencyKey === undefined ? {} : { 'Idempotency-Key': options.idempotencyKey } },
    });
    return { saga: await ok(result), replayed: result.response.status === 200 };
  }

  /** Reads a saga with its steps (`GET /v1/sagas/{id}`). */
  async get(id: string): Promise<Saga> {
    return ok(await this.api.GET('/v1/sagas/{id}', { params: { path: { id } } }));
  }

  /** One page of sagas, newest first; pass `nextCursor` back as `cursor` for the next. */
  async list(query: ListSagasQuery = {}): Promise<SagaPage> {
    return ok(await this.api.GET('/v1/sagas', { params: { query } }));
  }

  /** Every saga matching `query`, page after page (each page at most `query.limit`). */
  async *listAll(query: Omit<ListSagasQuery, 'cursor'> = {}): AsyncGenerator<SagaSummary> {
    let cursor: string | undefined;
    do {
      const page = await this.list({ ...query, ...(cursor === undefined ? {} : { cursor }) });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  /** The saga's step log, oldest first (`GET /v1/sagas/{id}/events`). */
  async events(id: string): Promise<StepLogEntry[]> {
    return ok(await this.api.GET('/v1/sagas/{id}/events', { params: { path: { id } } }));
  }

  /**
   * Resolves with the saga once it settled (COMPLETED, COMPENSATED or COMPENSATION_FAILED);
   * rejects with SagaWaitTimeoutError after `timeoutMs` (default 60 s). Sends `Prefer: wait` and
   * falls back to asking again with a growing pause when the server does not hold the request.
   */
  async waitForResult(id: string, options: WaitOptions = {}): Promise<SettledSaga> {
    return waitUntilSettled(
      id,
      async (waitSeconds) => {
        const result = await this.api.GET('/v1/sagas/{id}', {
          params: { path: { id } },
          headers: preferWait(waitSeconds),
          ...(options.signal ? { signal: options.signal } : {}),
        });
        return { saga: await ok(result), waitApplied: /\bwait\b/i.test(result.response.headers.get('preference-applied') ?? '') };
      },
      options,
    );
  }

  /** Starts a saga and waits for its result: `start` then `waitForResult`. */
  async run<Name extends keyof Inputs & string>(
    definition: Name,
    input: Inputs[Name],
    options: StartOptions & WaitOptions = {},
  ): Promise<SettledSaga> {
    const { saga } = await this.start(definition, input, options);
    return this.waitForResult(saga.id, options);
  }

  /** Cancels a running saga: it compensates what succeeded (`POST /v1/sagas/{id}/cancel`). */
  async cancel(id: string, reason?: string): Promise<Saga> {
    return ok(await this.api.POST('/v1/sagas/{id}/cancel', { params: { path: { id } }, body: reason === undefined ? {} : { reason } }));
  }

  /** Retries a saga that waits for an operator retry (`POST /v1/sagas/{id}/retry`). */
  async retry(id: string): Promise<Saga> {
    return ok(await this.api.POST('/v1/sagas/{id}/retry', { params: { path: { id } } }));
  }

  /** Records that a step whose compensation failed was undone by hand (`POST /v1/sagas/{id}/steps/{step}/resolve`). */
  async resolve(id: string, step: string, reason: string): Promise<Saga> {
    return ok(await this.api.POST('/v1/sagas/{id}/steps/{step}/resolve', { params: { path: { id, step } }, body: { reason } }));
  }

  /** Sends a signal a wait step is waiting for; `payload` becomes its output (`POST /v1/sagas/{id}/signals/{signal}`). */
  async signal(id: string, signal: string, payload: JsonObject = {}): Promise<Saga> {
    return ok(await this.api.POST('/v1/sagas/{id}/signals/{signal}', { params: { path: { id, signal } }, body: payload }));
  }

  /** The saga definitions: list, show, register, validate. */
  readonly definitions = {
    /** The latest version of every definition. */
    list: async (): Promise<Definition[]> => ok(await this.api.GET('/v1/definitions')),
    /** A definition: its latest version, or `version`. */
    show: async (name: string, version?: number): Promise<Definition> =>
      version === undefined
        ? ok(await this.api.GET('/v1/definitions/{name}', { params: { path: { name } } }))
        : ok(await this.api.GET('/v1/definitions/{name}/versions/{version}', { params: { path: { name, version } } })),
    /** Registers a definition; `created` is false when an identical version existed. */
    register: async (body: DefinitionBody): Promise<{ definition: Definition; created: boolean }> => {
      const result = await this.api.POST('/v1/definitions', { body });
      return { definition: await ok(result), created: result.response.status === 201 };
    },
    /** Checks a definition without registering it. */
    validate: async (body: DefinitionBody): Promise<DefinitionValidation> => ok(await this.api.POST('/v1/definitions/validate', { body })),
  };

  /** The participants that announced themselves. */
  async participants(): Promise<Participant[]> {
    return ok(await this.api.GET('/v1/participants'));
  }
}

/** Creates a client; see SagaClient. */
export function createSagaClient<Inputs extends object = Record<string, JsonObject>>(options: SagaClientOptions): SagaClient<Inputs> {
  return new SagaClient<Inputs>(options);
}

/** The body of a success answer, or the problem of an error answer thrown as a SagaApiProblem. */
async function ok<T>(result: { data?: T; error?: unknown; response: Response }): Promise<T> {
  if (result.response.ok && result.data !== undefined) return result.data;
  throw await SagaApiProblem.fromResponse(result.response, result.error);
}
