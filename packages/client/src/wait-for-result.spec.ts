import { describe, expect, it } from 'vitest';
import { SagaApiProblem } from './saga-api-problem.js';
import type { Saga } from './saga-status.js';
import { SagaWaitTimeoutError, WaitDefaults, waitUntilSettled, type AskOnce, type Clock } from './wait-for-result.js';

const saga = (status: Saga['status']): Saga =>
  ({ id: 's-1', definition: 'order', version: 1, status, steps: [], createdAt: '', updatedAt: '' }) as unknown as Saga;

/** A clock that only moves when the code under test sleeps or a fake server holds a request. */
class FakeClock implements Clock {
  time = 0;
  readonly sleeps: number[] = [];
  now = () => this.time;
  sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.time += ms;
  };
}

/** A server that answers `statuses` in order (the last one forever); `holds` says whether it honours Prefer: wait. */
function server(clock: FakeClock, statuses: Array<Saga['status']>, holds: boolean) {
  const asked: number[] = [];
  const ask: AskOnce = async (waitSeconds) => {
    asked.push(waitSeconds);
    const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
    if (holds && status !== 'COMPLETED' && status !== 'COMPENSATED') clock.time += waitSeconds * 1000;
    return { saga: saga(status), waitApplied: holds };
  };
  return { ask, asked };
}

describe('waitUntilSettled', () => {
  it.each(['COMPLETED', 'COMPENSATED', 'COMPENSATION_FAILED'] as const)('resolves with the saga once it is %s', async (status) => {
    const clock = new FakeClock();
    const { ask } = server(clock, ['RUNNING', 'COMPENSATING', status], false);
    await expect(waitUntilSettled('s-1', ask, {}, clock)).resolves.toMatchObject({ status });
  });

  it('asks again at once when the server held the request (Preference-Applied), never pausing', async () => {
    const clock = new FakeClock();
    const { ask, asked } = server(clock, ['RUNNING', 'RUNNING', 'COMPLETED'], true);
    await waitUntilSettled('s-1', ask, { timeoutMs: 120_000 }, clock);
    // Each ask holds the longest wait one request may ask for (WaitDefaults.maxWaitSeconds).
    expect(WaitDefaults.maxWaitSeconds).toBe(30);
    expect(asked).toEqual([30, 30, 30]);
    expect(clock.sleeps).toEqual([]);
  });

  it('backs off, doubling up to a bound, against a server that does not hold requests', async () => {
    const clock = new FakeClock();
    const { ask, asked } = server(clock, ['RUNNING'], false);
    await expect(waitUntilSettled('s-1', ask, { timeoutMs: 30_000 }, clock)).rejects.toBeInstanceOf(SagaWaitTimeoutError);
    expect(clock.sleeps.slice(0, 6)).toEqual([250, 500, 1000, 2000, 4000, 5000]);
    expect(Math.max(...clock.sleeps)).toBe(WaitDefaults.maxPauseMs);
    // 30 s without wait support: a dozen asks, not hundreds.
    expect(asked.length).toBeLessThan(15);
  });

  it('treats an early unsettled answer as not held, so a misbehaving server is not hammered either', async () => {
    const clock = new FakeClock();
    const ask: AskOnce = async () => ({ saga: saga('RUNNING'), waitApplied: true });
    await expect(waitUntilSettled('s-1', ask, { timeoutMs: 10_000 }, clock)).rejects.toBeInstanceOf(SagaWaitTimeoutError);
    expect(clock.sleeps[0]).toBe(WaitDefaults.firstPauseMs);
  });

  it('never waits past its timeout and reports the last status it saw', async () => {
    const clock = new FakeClock();
    const { ask, asked } = server(clock, ['COMPENSATING'], true);
    const error = await waitUntilSettled('s-1', ask, { timeoutMs: 45_500 }, clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SagaWaitTimeoutError);
    expect((error as SagaWaitTimeoutError).saga?.status).toBe('COMPENSATING');
    expect(clock.time).toBeLessThanOrEqual(45_500);
    expect(asked[0]).toBe(30);
    expect(asked[1]).toBe(15);
  });

  it('pauses for the Retry-After of a 429 (too many waiters) and then asks again', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const ask: AskOnce = async () => {
      calls += 1;
      if (calls === 1) {
        throw new SagaApiProblem(
          {
            type: 'urn:saga-coordinator:problem:rate-limited',
            title: 'Too many requests',
            status: 429,
            detail: 'Too many waiters.',
            instance: '/v1/sagas/s-1',
          },
          3,
        );
      }
      return { saga: saga('COMPLETED'), waitApplied: true };
    };
    await expect(waitUntilSettled('s-1', ask, {}, clock)).resolves.toMatchObject({ status: 'COMPLETED' });
    expect(clock.sleeps).toEqual([3000]);
  });

  it('passes any other problem through', async () => {
    const clock = new FakeClock();
    const problem = new SagaApiProblem({
      type: 'urn:saga-coordinator:problem:saga-not-found',
      title: 'Saga not found',
      status: 404,
      detail: 'No saga s-1.',
      instance: '/v1/sagas/s-1',
    });
    await expect(waitUntilSettled('s-1', () => Promise.reject(problem), {}, clock)).rejects.toBe(problem);
  });
});
