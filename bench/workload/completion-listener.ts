import pg from 'pg';

const channel = 'bench_saga_done';

/**
 * Installs a trigger on a `saga` table (ours or the ceiling's: both have `id` and `status`)
 * that NOTIFYs when a saga reaches a terminal status. Only the terminal transaction pays for
 * it, once per saga; the bench learns completions without polling.
 */
export async function installCompletionTrigger(databaseUrl: string, terminalStatuses: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const list = terminalStatuses.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ');
    await client.query(`
      CREATE OR REPLACE FUNCTION bench_notify_terminal() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('${channel}', NEW.id::text || ' ' || NEW.status); RETURN NULL; END $$;
      DROP TRIGGER IF EXISTS bench_saga_terminal ON saga;
      CREATE TRIGGER bench_saga_terminal AFTER UPDATE ON saga FOR EACH ROW
        WHEN (NEW.status IN (${list}) AND OLD.status IS DISTINCT FROM NEW.status)
        EXECUTE FUNCTION bench_notify_terminal();`);
  } finally {
    await client.end();
  }
}

/** A terminal saga as the trigger reported it. */
export interface Completion {
  readonly status: string;
  /** `performance.now()` when the notification arrived. */
  readonly at: number;
}

/**
 * LISTENs for terminal sagas and resolves the waiter of each id (early arrivals are kept).
 *
 * Its own cost is not the system's: PostgreSQL reads the notification queue in a transaction of
 * the listening backend, so every notification read adds one (read-only) commit to the run's
 * database. The bench subtracts `notifications` from the database's commits and leaves the
 * listener's backend (`backendPid`) out of the PostgreSQL CPU.
 */
export class CompletionListener {
  private readonly waiters = new Map<string, (completion: Completion) => void>();
  private readonly early = new Map<string, Completion>();
  private client: pg.Client | undefined;
  private received = 0;

  /** Notifications received so far (each cost one commit in the listening backend). */
  get notifications(): number {
    return this.received;
  }

  /** The PostgreSQL backend serving the listener, once started. */
  get backendPid(): number | undefined {
    return (this.client as unknown as { processID?: number } | undefined)?.processID ?? undefined;
  }

  async start(databaseUrl: string): Promise<void> {
    this.client = new pg.Client({ connectionString: databaseUrl });
    await this.client.connect();
    this.client.on('notification', (message) => {
      this.received++;
      const [id, status] = (message.payload ?? '').split(' ');
      if (!id || !status) return;
      const completion = { status, at: performance.now() };
      const waiter = this.waiters.get(id);
      if (waiter) {
        this.waiters.delete(id);
        waiter(completion);
      } else {
        this.early.set(id, completion);
      }
    });
    await this.client.query(`LISTEN ${channel}`);
  }

  /** Resolves when saga `id` is terminal. */
  completion(id: string): Promise<Completion> {
    const done = this.early.get(id);
    if (done) {
      this.early.delete(id);
      return Promise.resolve(done);
    }
    return new Promise((resolve) => this.waiters.set(id, resolve));
  }

  async stop(): Promise<void> {
    await this.client?.end();
  }
}
