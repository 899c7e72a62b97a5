import { randomUUID } from 'node:crypto';
import { Injectable, Logger, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditOutcomes } from '../../orchestration/audit/audit-outcome.js';
import { AuditTrailService } from '../../orchestration/audit/audit-trail.service.js';
import type { RequestActor } from '../../orchestration/audit/request-actor.js';
import { ApiKeyAuthenticator } from '../../orchestration/auth/api-key-authenticator.service.js';
import type { ApiKeyScope } from '../../orchestration/auth/api-key-scope.js';
import { principalHasScope, PrincipalKinds } from '../../orchestration/auth/principal.js';
import { ApiProblemException } from '../problem/api-problem.exception.js';
import { ApiRateLimitGuard } from './api-rate-limit.guard.js';
import { auditDetail, auditTarget, type AuditRequestLike } from './audit-request.util.js';
import { AUDITED, type AuditedEndpoint } from './audited.decorator.js';
import { REQUIRED_SCOPE } from './require-scope.decorator.js';
import { clientRequestId, presentedApiKey } from './request-credentials.util.js';
import { setRequestActor } from './request-actor.util.js';

/** Every path under this prefix must declare a scope; anything else (health, metrics, docs) is open. */
const API_PATH = /^\/v1(\/|$)/;

interface RequestLike extends AuditRequestLike {
  path: string;
}

interface ResponseLike {
  setHeader(name: string, value: string): unknown;
}

/**
 * The one global guard of the API. For an endpoint with `@RequireScope`: gives the request an id
 * (`X-Request-Id`, the client's when well-formed) and a caller, applies the per-caller rate limit
 * (429), then refuses a missing or invalid key (401) and a key without the scope (403). A `/v1`
 * endpoint without `@RequireScope` is refused (fail closed). Refusals of `@Audited` endpoints
 * each leave their audit row.
 */
@Injectable()
export class ApiAccessGuard implements CanActivate {
  private readonly logger = new Logger(ApiAccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly rateLimit: ApiRateLimitGuard,
    // Optional so the API can be described offline without services; absent means nobody gets in.
    @Optional() private readonly authenticator?: ApiKeyAuthenticator,
    @Optional() private readonly audit?: AuditTrailService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<RequestLike>();
    const targets = [context.getHandler(), context.getClass()];
    const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(REQUIRED_SCOPE, targets);
    if (scope === undefined) {
      if (!API_PATH.test(request.path)) return true;
      this.logger.error(`${request.path} declares no @RequireScope: refused.`);
      throw new ApiProblemException('insufficient-scope', 'This endpoint declares no scope, so no key may use it.');
    }
    const requestId = clientRequestId(request.headers) ?? randomUUID();
    context.switchToHttp().getResponse<ResponseLike>().setHeader('x-request-id', requestId);

    const result = this.authenticator ? await this.authenticator.authenticate(presentedApiKey(request.headers)) : ({ kind: 'missing' } as const);
    const principal = result.kind === 'authenticated' ? result.principal : null;
    const actor: RequestActor = { auditId: randomUUID(), principal, requestId };
    setRequestActor(request, actor);

    try {
      // Local use without auth has no keys to count per; everyone else is counted, refused callers too.
      if (principal?.kind !== PrincipalKinds.AuthDisabled) await this.rateLimit.canActivate(context);
      if (!principal) {
        throw new ApiProblemException(
          'unauthenticated',
          result.kind === 'missing'
            ? 'An API key is required: send Authorization: Bearer <key> (or X-API-Key: <key>).'
            : 'The API key is malformed, unknown or revoked.',
          undefined,
          { 'www-authenticate': 'Bearer' },
        );
      }
      if (!principalHasScope(principal, scope)) {
        throw new ApiProblemException('insufficient-scope', `The API key ${principal.id} lacks the scope ${scope} this endpoint requires.`);
      }
    } catch (error) {
      await this.recordDenial(context, request, actor, error);
      throw error;
    }
    return true;
  }

  private async recordDenial(context: ExecutionContext, request: RequestLike, actor: RequestActor, error: unknown): Promise<void> {
    const audited = this.reflector.getAllAndOverride<AuditedEndpoint | undefined>(AUDITED, [context.getHandler(), context.getClass()]);
    if (!audited || !this.audit || !(error instanceof ApiProblemException)) return;
    await this.audit.recordOutcome(
      actor,
      audited.action,
      auditTarget(audited, request),
      AuditOutcomes.Denied,
      auditDetail(error.status, error.problemType, error.detail),
    );
  }
}
