import type { SagaMatch } from '../../runtime/ports/saga-store.port.js';
import { NEEDS_ATTENTION_SQL } from './needs-attention.sql.js';

/** How many parameters `sagaMatchSql` uses. */
export const SAGA_MATCH_PARAMETER_COUNT = 8;

/**
 * The WHERE condition of a `SagaMatch` on table `saga`, with its parameters at `$offset+1` ..
 * `$offset+8`: the saga list and the bulk operations share it, so a bulk filter matches exactly
 * the sagas the list shows for the same query.
 */
export function sagaMatchSql(offset: number): string {
  const p = (n: number) => `$${offset + n}`;
  return `(${p(1)}::text IS NULL OR status = ${p(1)})
     AND (${p(2)}::text IS NULL OR definition_name = ${p(2)})
     AND (${p(3)}::int IS NULL OR definition_version = ${p(3)})
     AND (${p(4)}::timestamptz IS NULL OR created_at >= ${p(4)})
     AND (${p(5)}::timestamptz IS NULL OR created_at < ${p(5)})
     AND (${p(6)}::uuid IS NULL OR id = ${p(6)})
     AND (${p(7)}::jsonb IS NULL OR input @> ${p(7)})
     AND (${p(8)}::int IS NULL OR ${NEEDS_ATTENTION_SQL.replaceAll('$threshold', p(8))})`;
}

/** The parameters of `sagaMatchSql`, in order. */
export function sagaMatchParameters(match: SagaMatch): unknown[] {
  return [
    match.status ?? null,
    match.definition ?? null,
    match.version ?? null,
    match.createdFrom ?? null,
    match.createdTo ?? null,
    match.id ?? null,
    match.inputMatch === undefined ? null : JSON.stringify({ [match.inputMatch.field]: match.inputMatch.value }),
    match.needsAttention?.runningLongerThanMs ?? null,
  ];
}
