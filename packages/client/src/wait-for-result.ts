import { SagaApiProblem } from './saga-api-problem.js';
import { isSettled, type Saga, type SettledSaga } from './saga-status.js';

export interface WaitOptions {
  /** Give up after this long (default 60 s): the wait is always bounded. */
  readonly timeoutMs?: number;
  /** Called with the saga each time an answer comes back unsettled (e.g. to show progress). */
  readonly onProgress?: (saga: Saga) => void;
  readonly signal?: AbortSignal;
}

export const WaitDefaults = {
  timeoutMs: 60_000,
  /** The longest `Prefer: wait` one request asks for; a longer wait asks again. */
  maxWaitSeconds: 30,
  /** Against a server that does not hold requests: first pause between two asks, doubled up to maxPauseMs. */
  firstPauseMs: 250,
  maxPauseMs: 5_000,
} as const;

/** One `GET /v1/sagas/{id}` with `Prefer: wait=<waitSeconds>`: the saga, and whether the server said it waited. */
export interface WaitAnswer {
  readonly saga: Saga;
  readonly waitApplied: boolean;
}
export type AskOnce = (waitSeconds: number) => Promise<WaitAnswer>;

/** The wait ended before the saga settled; `saga` is the last answer (absent if none came). */
export class SagaWaitTimeoutError extends Error {
  override readonly name = 'SagaWaitTimeoutError';
  constructor(
    readonly sagaId: string,
    readonly timeoutMs: number,
    readonly saga: Saga | undefined,
  ) {
    super(`Saga ${sagaId} did not settle within ${timeoutMs} ms${saga ? ` (last status ${saga.status})` : ''}`);
  }
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const SystemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Asks until the saga settles (COMPLETED, COMPENSATED, COMPENSATION_FAILED) or the timeout ends.
 * A server that honours `Prefer: wait` (it answers `Preference-Applied`, having held the request)
 * is asked again at once; any other answer, an early one included, is followed by a pause that
 * doubles, so a server without wait support is not hammered. A 429 (too many waiters) pauses for
 * its Retry-After.
 */
export async function waitUntilSettled(sagaId: string, ask: AskOnce, options: WaitOptions = {}, clock: Clock = SystemClock): Promise<SettledSaga> {
  const timeoutMs = options.timeoutMs ?? WaitDefaults.timeoutMs;
  const deadline = clock.now() + timeoutMs;
  let pauseMs: number = WaitDefaults.firstPauseMs;
  let last: Saga | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    const waitSeconds = Math.max(0, Math.min(WaitDefaults.maxWaitSeconds, Math.floor((deadline - clock.now()) / 1000)));
    const asked = clock.now();
    let held = false;
    try {
      const answer = await ask(waitSeconds);
      last = answer.saga;
      if (isSettled(answer.saga)) return answer.saga;
      options.onProgress?.(answer.saga);
      // Held as asked (at least most of the wait): the next ask can go at once.
      held = answer.waitApplied && waitSeconds > 0 && clock.now() - asked >= waitSeconds * 500;
    } catch (error) {
      if (!(error instanceof SagaApiProblem && error.status === 429)) throw error;
      pauseMs = Math.max(pauseMs, (error.retryAfterSeconds ?? 0) * 1000);
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw new SagaWaitTimeoutError(sagaId, timeoutMs, last);
    if (held) {
      pauseMs = WaitDefaults.firstPauseMs;
      continue;
    }
    await clock.sleep(Math.min(pauseMs, remaining), options.signal);
    pauseMs = Math.min(pauseMs * 2, WaitDefaults.maxPauseMs);
  }
}
