import { TimerKinds } from '../../saga-engine/decision.js';

/**
 * "Needs attention": stuck (COMPENSATION_FAILED), or unfinished and either older than
 * `$threshold` milliseconds or waiting out a retry backoff. Every branch is limited to the three
 * unfinished statuses so that the partial index `saga_unfinished_newest_idx` serves it.
 * Replace `$threshold` with the parameter's placeholder.
 */
export const NEEDS_ATTENTION_SQL = `(status IN ('RUNNING', 'COMPENSATING', 'COMPENSATION_FAILED') AND (
    status = 'COMPENSATION_FAILED'
    OR created_at < now() - make_interval(secs => $threshold::int / 1000.0)
    OR EXISTS (SELECT 1 FROM saga_timer t WHERE t.saga_id = saga.id AND t.kind IN ('${TimerKinds.stepRetry}', '${TimerKinds.compensationRetry}'))
  ))`;
