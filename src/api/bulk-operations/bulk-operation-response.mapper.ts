import type { BulkItemView, BulkOperationView } from '../../orchestration/bulk/bulk-operation.js';
import type { BulkItemPageResponse, BulkOperationPageResponse, BulkOperationResponse } from './bulk-operation.schemas.js';

export function toBulkOperationResponse(operation: BulkOperationView): BulkOperationResponse {
  return {
    id: operation.id,
    action: operation.action,
    filter: { ...operation.filter },
    step: operation.step,
    reason: operation.reason,
    status: operation.status,
    matched: operation.matched,
    totals: { ...operation.totals },
    createdBy: operation.createdBy,
    createdAt: operation.createdAt,
    finishedAt: operation.finishedAt,
  };
}

/** One page; `limit + 1` rows were read, the extra one only tells that another page exists. */
export function toBulkOperationPageResponse(rows: readonly BulkOperationView[], limit: number): BulkOperationPageResponse {
  const items = rows.slice(0, limit);
  return { items: items.map(toBulkOperationResponse), nextBefore: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/** One page of items; `limit + 1` rows were read. */
export function toBulkItemPageResponse(rows: readonly BulkItemView[], limit: number): BulkItemPageResponse {
  const items = rows.slice(0, limit);
  return { items: items.map((item) => ({ ...item })), nextAfter: rows.length > limit ? (items.at(-1)?.sagaId ?? null) : null };
}
