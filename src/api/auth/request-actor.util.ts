import type { RequestActor } from '../../orchestration/audit/request-actor.js';

/** Where the guard leaves the caller on the request, for the interceptor and the rate limiter. */
const ACTOR = Symbol('saga-coordinator:request-actor');

type ActorCarrier = { [ACTOR]?: RequestActor };

/** Attaches the caller to the request. */
export function setRequestActor(request: object, actor: RequestActor): void {
  (request as ActorCarrier)[ACTOR] = actor;
}

/** The caller the guard identified; undefined on open routes (health, metrics, docs). */
export function getRequestActor(request: object): RequestActor | undefined {
  return (request as ActorCarrier)[ACTOR];
}
