import type { components } from './generated/openapi.js';

/** The RFC 9457 body the coordinator answers every error with. */
export type ProblemDetails = components['schemas']['ProblemDetails'];
/** Every problem `type` the coordinator documents (`urn:saga-coordinator:problem:…`, or `about:blank`). */
export type ProblemTypeUri = ProblemDetails['type'];

/**
 * An error answer of the coordinator, as a typed error: branch on `type` (a closed union), read
 * `status` and `detail`; `errors` points into the request for validation problems.
 */
export class SagaApiProblem extends Error {
  override readonly name = 'SagaApiProblem';
  readonly type: ProblemTypeUri;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly instance: string | undefined;
  readonly errors: ReadonlyArray<{ pointer: string; message: string }>;
  /** Seconds the server asked to wait before trying again (`Retry-After` of a 429 or 503), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(problem: ProblemDetails, retryAfterSeconds?: number) {
    super(`${problem.title} (${problem.status}): ${problem.detail}`);
    this.type = problem.type;
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail;
    this.instance = problem.instance;
    this.errors = problem.errors ?? [];
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The problem of a failed response: its problem+json body, or an `about:blank` problem saying what came instead. */
  static async fromResponse(response: Response, body: unknown): Promise<SagaApiProblem> {
    const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
    const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined;
    if (isProblemDetails(body)) return new SagaApiProblem(body, retryAfterSeconds);
    const text = body === undefined ? await response.text().catch(() => '') : JSON.stringify(body);
    return new SagaApiProblem(
      {
        type: 'about:blank',
        title: response.statusText || 'HTTP error',
        status: response.status,
        detail: `${response.status} ${response.statusText} without a problem+json body${text ? `: ${text.slice(0, 200)}` : ''}`,
        instance: new URL(response.url || 'http://unknown/').pathname,
      },
      retryAfterSeconds,
    );
  }
}

function isProblemDetails(body: unknown): body is ProblemDetails {
  if (typeof body !== 'object' || body === null) return false;
  const { type, status, title, detail } = body as Record<string, unknown>;
  return typeof type === 'string' && typeof status === 'number' && typeof title === 'string' && typeof detail === 'string';
}
