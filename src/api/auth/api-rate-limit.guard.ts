import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { ApiProblemException } from '../problem/api-problem.exception.js';
import { getRequestActor } from './request-actor.util.js';

/**
 * `@nestjs/throttler` counting per API key across every endpoint (per client address for
 * callers without a valid key), answering 429 problem+json with `Retry-After`. Not a global
 * guard itself: `ApiAccessGuard` calls it once the caller is known. Counts are per replica.
 */
@Injectable()
export class ApiRateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = getRequestActor(request)?.principal;
    const ip = request['ip'];
    return principal ? `key:${principal.id}` : `ip:${typeof ip === 'string' ? ip : 'unknown'}`;
  }

  /** One budget per caller, not per route. */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    throw new ApiProblemException(
      'rate-limited',
      `Rate limit exceeded: at most ${detail.limit} requests per ${detail.ttl / 1000} s for this caller; retry after ${retryAfter} s.`,
      undefined,
      { 'retry-after': String(retryAfter) },
    );
  }
}
