import { Injectable, Optional, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, concatMap, from, map, throwError, type Observable } from 'rxjs';
import { AuditOutcomes, type AuditOutcome } from '../../orchestration/audit/audit-outcome.js';
import { AuditTrailService } from '../../orchestration/audit/audit-trail.service.js';
import type { RequestActor } from '../../orchestration/audit/request-actor.js';
import { exceptionToProblem } from '../problem/exception-to-problem.util.js';
import { auditDetail, auditTarget, type AuditRequestLike } from './audit-request.util.js';
import { AUDITED, type AuditedEndpoint } from './audited.decorator.js';
import { getRequestActor } from './request-actor.util.js';

/** How a refused or failed call counts, by its HTTP status. */
function outcomeOf(status: number): AuditOutcome {
  if (status === 401 || status === 403 || status === 429) return AuditOutcomes.Denied;
  return status >= 500 ? AuditOutcomes.Failed : AuditOutcomes.Rejected;
}

/**
 * Runs every guarded request as its caller (so services can audit in their own transaction and
 * apply per-key limits), and gives each `@Audited` call its one audit row: a service that audited
 * in its transaction already wrote it; otherwise (a refusal, a failure, or a service that does
 * not audit) the row is written here in its own transaction, keyed by the request so never twice.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Optional() private readonly audit?: AuditTrailService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuditRequestLike>();
    const actor = getRequestActor(request);
    const audit = this.audit;
    if (context.getType() !== 'http' || !actor || !audit) return next.handle();
    const audited = this.reflector.getAllAndOverride<AuditedEndpoint | undefined>(AUDITED, [context.getHandler(), context.getClass()]);
    // next.handle() binds the handler to the async context it is called in: the actor's.
    const handled = audit.runAs(actor, (session) => ({ result: next.handle(), recorded: () => session.recordedInTransaction() }));
    if (!audited) return handled.result;
    return handled.result.pipe(
      concatMap((value: unknown) => from(this.recordSuccess(audit, actor, audited, request, handled.recorded)).pipe(map(() => value))),
      catchError((error: unknown) => from(this.recordFailure(audit, actor, audited, request, error)).pipe(concatMap(() => throwError(() => error)))),
    );
  }

  private async recordSuccess(
    audit: AuditTrailService,
    actor: RequestActor,
    audited: AuditedEndpoint,
    request: AuditRequestLike,
    recorded: () => boolean,
  ): Promise<void> {
    if (recorded()) return;
    await audit.recordOutcome(actor, audited.action, auditTarget(audited, request), AuditOutcomes.Succeeded, null);
  }

  private async recordFailure(
    audit: AuditTrailService,
    actor: RequestActor,
    audited: AuditedEndpoint,
    request: AuditRequestLike,
    error: unknown,
  ): Promise<void> {
    const { body } = exceptionToProblem(error, { method: '', path: '', allowedMethods: () => [] });
    const problemType = body.type.replace(/^.*:/, '');
    await audit
      .recordOutcome(actor, audited.action, auditTarget(audited, request), outcomeOf(body.status), auditDetail(body.status, problemType, body.detail))
      .catch(
        // The caller gets the original error; the audit store being down is not a reason to hide it.
        () => undefined,
      );
  }
}
