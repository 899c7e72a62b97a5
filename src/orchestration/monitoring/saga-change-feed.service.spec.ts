import { afterEach, describe, expect, it, vi } from 'vitest';
import { type SagaChanges, SagaMonitorStore, type StoredSagaCounts } from '../ports/saga-monitor-store.port.js';
import type { StoredSagaSummary } from '../../runtime/ports/saga-store.port.js';
import type { SagaSummaryView } from '../views/saga.view.js';
import { SagaChangeFeed } from './saga-change-feed.service.js';

const summary = (id: string, updatedAt: string, status: StoredSagaSummary['status'] = 'RUNNING'): StoredSagaSummary => ({
  id,
  definitionName: 'order',
  definitionVersion: 1,
  status,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt,
  cursorKey: { createdAt: '2026-01-01T00:00:00.000000Z', id },
});

/** A store that answers each poll with the next scripted batch, and records the `since` it was asked. */
class ScriptedStore extends SagaMonitorStore {
  readonly asked: (string | null)[] = [];
  constructor(private readonly batches: StoredSagaSummary[][]) {
    super();
  }
  async counts(): Promise<StoredSagaCounts> {
    return { byStatus: {}, needsAttention: 0 };
  }
  async changedSince(since: string | null): Promise<SagaChanges> {
    this.asked.push(since);
    return { sagas: this.batches.shift() ?? [], readAt: '2026-01-01T00:01:00.000Z' };
  }
}

describe(SagaChangeFeed.name, () => {
  afterEach(() => vi.useRealTimers());

  it('polls only while someone listens, announces each saga version once, and looks back by the overlap', async () => {
    vi.useFakeTimers();
    const store = new ScriptedStore([[summary('a', 't1')], [summary('a', 't1'), summary('b', 't1')], [summary('a', 't2', 'COMPLETED')]]);
    const sut = new SagaChangeFeed(store, { pollIntervalMs: 100, overlapMs: 5_000, batchSize: 10 });
    await vi.advanceTimersByTimeAsync(500);
    expect(store.asked).toEqual([]);

    const seen: SagaSummaryView[] = [];
    const unsubscribe = sut.subscribe({ changed: (saga) => seen.push(saga), closed: () => undefined });
    await vi.advanceTimersByTimeAsync(350);
    expect(seen.map((saga) => `${saga.id}@${saga.updatedAt}`)).toEqual(['a@t1', 'b@t1', 'a@t2']);
    expect(store.asked[0]).toBeNull();
    expect(store.asked[1]).toBe('2026-01-01T00:00:55.000Z');

    unsubscribe();
    await vi.advanceTimersByTimeAsync(300);
    const polls = store.asked.length;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.asked.length).toBe(polls);
  });

  it('closes every stream when shutdown begins, and closes later ones at once', () => {
    const sut = new SagaChangeFeed(new ScriptedStore([]), { pollIntervalMs: 100, overlapMs: 5_000, batchSize: 10 });
    const closed: string[] = [];
    sut.subscribe({ changed: () => undefined, closed: () => closed.push('first') });
    sut.onModuleDestroy();
    expect(closed).toEqual(['first']);
    expect(sut.openStreams).toBe(0);
    sut.subscribe({ changed: () => undefined, closed: () => closed.push('late') });
    expect(closed).toEqual(['first', 'late']);
  });
});
