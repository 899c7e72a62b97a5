import type { TimerToArm } from '../../saga-engine/decision.js';
import type { OutboxMessage } from '../ports/outbox-message.js';
import {
  type DueTimer,
  type InboundLock,
  type NewOutboxMessage,
  type NewSaga,
  SagaStore,
  SagaTransaction,
  type SagaListFilter,
  type SagaWrite,
  type StoredSaga,
  type StoredSagaEvent,
  type StoredSagaSummary,
} from '../ports/saga-store.port.js';

/** One saga row with the columns the port does not expose on `StoredSaga`. */
interface SagaRow {
  saga: StoredSaga;
  readonly input: unknown;
  readonly idempotencyKey: string | null;
  startedBy: string | null;
  parent?: { readonly sagaId: string; readonly step: string };
}

/** An outbox row; `sentAt` is set by a reply's `answers` mark. */
export interface InMemoryOutboxRow {
  readonly message: OutboxMessage;
  sentAt?: string;
}

/** An armed timer, due at an instant of the store's clock. */
export interface InMemoryTimer extends DueTimer {
  readonly dueAt: string;
}

/** Everything the store holds; a transaction works on a copy and swaps it in at commit. */
interface Tables {
  sagas: Map<string, SagaRow>;
  events: Map<string, StoredSagaEvent[]>;
  inbox: Set<string>;
  outbox: Map<string, InMemoryOutboxRow>;
  timers: Map<string, InMemoryTimer>;
}

/** Options of the twin. */
export interface InMemorySagaStoreOptions {
  /** The database clock (ISO 8601), read once per transaction. Default: the process clock. */
  readonly now?: () => string;
  /** Registered definition versions by name, for `latestDefinitionVersion`. */
  readonly definitionVersions?: Readonly<Record<string, number>>;
}

/**
 * The in-memory twin of the `SagaStore` port (like immich's small tests), so that the runtime's
 * rules (inbox dedupe, post-commit only after commit, rollback on refusal …) are tested in
 * milliseconds. Same contract as the PostgreSQL store where the runtime can tell: transactions
 * run one at a time (the row lock, simplified), a transaction that throws or is discarded leaves
 * nothing behind, timers come due on the store's clock. What only the database decides (SKIP
 * LOCKED between replicas, the pipelined round trips, serialization retries) stays with the
 * real-database tests.
 */
export class InMemorySagaStore extends SagaStore {
  private tables: Tables = { sagas: new Map(), events: new Map(), inbox: new Set(), outbox: new Map(), timers: new Map() };
  private queue: Promise<unknown> = Promise.resolve();
  private readonly clock: () => string;
  /** How many transactions committed (a refusal or a discard does not count). */
  commits = 0;

  constructor(private readonly options: InMemorySagaStoreOptions = {}) {
    super();
    this.clock = options.now ?? (() => new Date().toISOString());
  }

  transaction<T>(work: (tx: SagaTransaction) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const draft = copy(this.tables);
      const tx = new InMemorySagaTransaction(draft, this.clock(), this.options.definitionVersions ?? {});
      const result = await work(tx);
      if (!tx.discarded) {
        this.tables = draft;
        this.commits += 1;
      }
      return result;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async find(id: string): Promise<StoredSaga | null> {
    return this.tables.sagas.get(id)?.saga ?? null;
  }

  async events(sagaId: string): Promise<StoredSagaEvent[]> {
    return [...(this.tables.events.get(sagaId) ?? [])];
  }

  async list(filter: SagaListFilter): Promise<StoredSagaSummary[]> {
    return [...this.tables.sagas.values()]
      .map(({ saga }) => saga)
      .filter(
        (saga) =>
          (filter.status === undefined || saga.status === filter.status) &&
          (filter.definition === undefined || saga.definitionName === filter.definition) &&
          (filter.version === undefined || saga.definitionVersion === filter.version),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .slice(0, filter.limit)
      .map((saga) => ({
        id: saga.id,
        definitionName: saga.definitionName,
        definitionVersion: saga.definitionVersion,
        status: saga.status,
        createdAt: saga.createdAt,
        updatedAt: saga.updatedAt,
        cursorKey: { createdAt: saga.createdAt, id: saga.id },
      }));
  }

  async msUntilNextTimer(): Promise<number | null> {
    const due = [...this.tables.timers.values()].map((timer) => Date.parse(timer.dueAt));
    return due.length === 0 ? null : Math.min(...due) - Date.parse(this.clock());
  }

  /** Committed outbox rows, in insertion order. */
  outbox(): InMemoryOutboxRow[] {
    return [...this.tables.outbox.values()];
  }

  /** Committed inbox message ids. */
  inbox(): string[] {
    return [...this.tables.inbox];
  }

  /** Armed timers. */
  timers(): InMemoryTimer[] {
    return [...this.tables.timers.values()];
  }

  /** The parent a child saga was linked to. */
  parentOf(sagaId: string): { sagaId: string; step: string } | undefined {
    return this.tables.sagas.get(sagaId)?.parent;
  }
}

/** The writes of one in-memory transaction, on its own copy of the tables. */
class InMemorySagaTransaction extends SagaTransaction {
  discarded = false;

  constructor(
    private readonly tables: Tables,
    private readonly clock: string,
    private readonly definitionVersions: Readonly<Record<string, number>>,
  ) {
    super();
  }

  async now(): Promise<string> {
    return this.clock;
  }

  async lockSaga(id: string): Promise<StoredSaga | null> {
    return this.tables.sagas.get(id)?.saga ?? null;
  }

  async lockSagaForInbound(id: string, messageId: string): Promise<InboundLock | null> {
    const saga = await this.lockSaga(id);
    if (saga === null) return null;
    return { saga, fresh: await this.recordInbound(messageId, id) };
  }

  async recordInbound(messageId: string, _sagaId: string): Promise<boolean> {
    if (this.tables.inbox.has(messageId)) return false;
    this.tables.inbox.add(messageId);
    return true;
  }

  async latestDefinitionVersion(name: string): Promise<number | null> {
    return this.definitionVersions[name] ?? null;
  }

  discard(): void {
    this.discarded = true;
  }

  async tryLockIdempotencyKey(): Promise<boolean> {
    // Transactions run one at a time: nobody else can hold it.
    return true;
  }

  async findByIdempotencyKey(key: string): Promise<StoredSaga | null> {
    return [...this.tables.sagas.values()].find((row) => row.idempotencyKey === key)?.saga ?? null;
  }

  async insertSaga(saga: NewSaga, write: SagaWrite): Promise<{ saga: StoredSaga; outbox: OutboxMessage[] }> {
    const stored: StoredSaga = {
      id: saga.id,
      definitionName: saga.definitionName,
      definitionVersion: saga.definitionVersion,
      status: write.state.status,
      state: write.state,
      lastSeq: 0,
      requestHash: saga.requestHash,
      ...(saga.traceContext?.traceparent === undefined ? {} : { traceContext: saga.traceContext }),
      createdAt: this.clock,
      updatedAt: this.clock,
    };
    this.tables.sagas.set(saga.id, { saga: stored, input: saga.input, idempotencyKey: saga.idempotencyKey, startedBy: saga.startedBy ?? null });
    this.tables.events.set(saga.id, []);
    const outbox = this.write(stored, write);
    return { saga: this.tables.sagas.get(saga.id)!.saga, outbox };
  }

  async insertChildSagaIfAbsent(saga: NewSaga, parent: { sagaId: string; step: string }, write: SagaWrite): Promise<OutboxMessage[] | null> {
    if (this.tables.sagas.has(saga.id)) return null;
    const { outbox } = await this.insertSaga(saga, write);
    const row = this.tables.sagas.get(saga.id)!;
    row.parent = parent;
    row.startedBy = this.tables.sagas.get(parent.sagaId)?.startedBy ?? null;
    return outbox;
  }

  async insertOutboxMessages(messages: readonly NewOutboxMessage[]): Promise<OutboxMessage[]> {
    for (const message of messages) this.tables.outbox.set(message.messageId, { message });
    return [...messages];
  }

  async updateSaga(saga: StoredSaga, write: SagaWrite): Promise<OutboxMessage[]> {
    return this.write(saga, write);
  }

  async claimDueTimers(limit: number): Promise<DueTimer[]> {
    return [...this.tables.timers.values()]
      .filter((timer) => timer.dueAt <= this.clock)
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
      .slice(0, limit)
      .map(({ dueAt: _dueAt, ...timer }) => timer);
  }

  async deleteTimer(timer: DueTimer): Promise<void> {
    this.tables.timers.delete(timerKey(timer.sagaId, timer));
  }

  async countInFlightStartedBy(principal: string): Promise<number> {
    return [...this.tables.sagas.values()].filter(
      (row) => row.startedBy === principal && (row.saga.status === 'RUNNING' || row.saga.status === 'COMPENSATING'),
    ).length;
  }

  /** State, step log (consecutive seq), timers armed and cancelled, outbox rows, the answered mark. */
  private write(saga: StoredSaga, write: SagaWrite): OutboxMessage[] {
    const row = this.tables.sagas.get(saga.id)!;
    const events = this.tables.events.get(saga.id)!;
    write.log.forEach((entry, index) =>
      events.push({
        seq: saga.lastSeq + index + 1,
        type: entry.type,
        step: entry.step ?? null,
        attempt: entry.attempt ?? null,
        data: entry.data ?? null,
        at: this.clock,
      }),
    );
    row.saga = { ...saga, status: write.state.status, state: write.state, lastSeq: saga.lastSeq + write.log.length, updatedAt: this.clock };
    for (const timer of write.cancelTimers) this.tables.timers.delete(timerKey(saga.id, timer));
    for (const timer of write.armTimers) {
      const key = timerKey(saga.id, timer);
      if (!this.tables.timers.has(key))
        this.tables.timers.set(key, { ...dueTimer(saga.id, timer), dueAt: new Date(Date.parse(this.clock) + timer.dueInMs).toISOString() });
    }
    for (const message of write.outbox) this.tables.outbox.set(message.messageId, { message });
    const answered = write.answers === undefined ? undefined : this.tables.outbox.get(write.answers);
    if (answered !== undefined && answered.sentAt === undefined) answered.sentAt = this.clock;
    return [...write.outbox];
  }
}

function dueTimer(sagaId: string, timer: Omit<TimerToArm, 'dueInMs'>): DueTimer {
  return {
    sagaId,
    kind: timer.kind,
    ...(timer.step === undefined ? {} : { step: timer.step }),
    ...(timer.attempt === undefined ? {} : { attempt: timer.attempt }),
  };
}

function timerKey(sagaId: string, timer: Omit<TimerToArm, 'dueInMs'>): string {
  return `${sagaId}:${timer.kind}:${timer.step ?? ''}:${timer.attempt ?? 0}`;
}

/** A copy deep enough that a rolled-back transaction leaves the committed tables untouched. */
function copy(tables: Tables): Tables {
  return {
    sagas: new Map([...tables.sagas].map(([id, row]) => [id, { ...row }])),
    events: new Map([...tables.events].map(([id, events]) => [id, [...events]])),
    inbox: new Set(tables.inbox),
    outbox: new Map([...tables.outbox].map(([id, row]) => [id, { ...row }])),
    timers: new Map(tables.timers),
  };
}
