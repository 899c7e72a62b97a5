import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { CrashPoints } from '../../../src/fault-injection/crash-point-name.js';
import { participantQueue, Topology } from '@saga-coordinator/contracts';
import { eventually } from '../../support/test-infrastructure.js';
import type { Scenario } from '../support/scenario-runner.js';
import { closeVhostConnections, deleteQueue, vhostQueues } from '../support/rabbitmq-admin.js';
import { readFenceRows, ReplyInjector, replyFor } from '../support/reply-injector.js';
import { crashEvidence, midRunHit } from './crash-helpers.js';

/** Runs `inject` every `everyMs` until `work` settles; returns the number of rounds. */
async function during<T>(work: Promise<T>, everyMs: number, inject: () => Promise<void>): Promise<{ value: T; rounds: number }> {
  let done = false;
  let rounds = 0;
  const loop = (async () => {
    while (!done) {
      await sleep(everyMs);
      if (done) break;
      await inject().catch(() => undefined);
      rounds += 1;
    }
  })();
  const value = await work.finally(() => {
    done = true;
  });
  await loop;
  return { value, rounds };
}

/** 8: every reply is delivered again with the same id, and once more with a new id. */
export const duplicateReplies: Scenario = {
  id: '8',
  title: 'duplicate reply (same id; and a new id for the same saga/step/attempt)',
  async run(ctx) {
    const { cluster } = ctx;
    await cluster.startSystem();
    const injector = await ReplyInjector.open(cluster.infra.rabbitmqUrl);
    const seen = new Set<string>();
    let published = 0;
    const duplicateAll = async (): Promise<void> => {
      for (const row of await readFenceRows(cluster.db)) {
        if (seen.has(row.message_id)) continue;
        seen.add(row.message_id);
        await injector.publish(replyFor(row));
        await injector.publish(replyFor(row, { messageId: `${row.message_id}:reply-again` }));
        published += 2;
      }
    };
    try {
      const { value } = await during(ctx.submit(ctx.orders), 200, duplicateAll);
      // Until every saga is over, the replies of the last steps keep coming.
      await eventually(
        async () => {
          await duplicateAll();
          const { rows } = await cluster.db.query<{ open: string }>(`SELECT count(*) AS open FROM saga WHERE status IN ('RUNNING', 'COMPENSATING')`);
          return Number(rows[0]?.open) === 0 ? true : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 200, what: 'sagas to finish' },
      ).catch(() => undefined);
      await duplicateAll();
      const ignored = await cluster.db.query<{ n: string }>(`SELECT count(*) AS n FROM saga_event WHERE type = 'ReplyIgnored'`);
      return {
        ...value,
        faultFired: published > 0 && Number(ignored.rows[0]?.n) > 0,
        evidence: [`${published} duplicate replies published with broker confirms`, `${ignored.rows[0]?.n} ReplyIgnored entries in the step log`],
      };
    } finally {
      await injector.close();
    }
  },
};

/** 9: replies for a saga that does not exist, for finished sagas, and for attempts that are not the current one. */
export const strayReplies: Scenario = {
  id: '9',
  title: 'reply for an unknown saga, a finished saga, a stale attempt',
  async run(ctx) {
    const { cluster } = ctx;
    await cluster.startSystem();
    const injector = await ReplyInjector.open(cluster.infra.rabbitmqUrl);
    const seen = new Set<string>();
    const sent = { unknown: 0, stale: 0, finished: 0 };
    try {
      const injectForNewFenceRows = async () => {
        for (const row of await readFenceRows(cluster.db)) {
          if (seen.has(row.message_id)) continue;
          seen.add(row.message_id);
          const attempt = Number(row.message_id.split(':').at(-1)) + 5;
          await injector.publish(replyFor(row, { messageId: `${row.message_id}:stale`, attempt, outcome: 'failed' }));
          sent.stale += 1;
          await injector.publish(replyFor(row, { messageId: `${randomUUID()}:unknown`, sagaId: randomUUID() }));
          sent.unknown += 1;
        }
      };
      const { value } = await during(ctx.submit(ctx.orders), 300, injectForNewFenceRows);
      // A small run can finish submitting before any participant committed: inject at least once.
      await eventually(async () => ((await readFenceRows(cluster.db)).length > 0 ? true : undefined), {
        timeoutMs: 30_000,
        what: 'a participant to record a command',
      });
      await injectForNewFenceRows();
      const finished = await cluster.db.query<{ id: string }>(`SELECT id FROM saga WHERE status IN ('COMPLETED', 'COMPENSATED')`);
      const rows = await readFenceRows(cluster.db);
      for (const row of rows.filter((r) => finished.rows.some((s) => s.id === r.saga_id) && r.kind === 'execute')) {
        await injector.publish(replyFor(row, { messageId: `${row.message_id}:after-the-end`, outcome: 'failed' }));
        sent.finished += 1;
      }
      const deadLettered = await eventually(
        async () => {
          const queue = (await vhostQueues(cluster.infra.vhost)).find((q) => q.name === Topology.deadLetterQueue);
          return queue && queue.messages >= sent.unknown ? queue.messages : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 500, what: 'unknown-saga replies to be dead-lettered' },
      ).catch(() => 0);
      return {
        ...value,
        faultFired: sent.unknown > 0 && sent.stale > 0 && sent.finished > 0 && deadLettered >= sent.unknown,
        evidence: [
          `${sent.unknown} replies for unknown sagas (${deadLettered} dead-lettered)`,
          `${sent.stale} replies for attempts that were never sent`,
          `${sent.finished} failure replies for finished sagas`,
        ],
      };
    } finally {
      await injector.close();
    }
  },
};

/** 10: every connection of the vhost (coordinator and participants) is closed three times mid-run. */
export const connectionsClosed: Scenario = {
  id: '10',
  title: 'all broker connections closed mid-saga',
  async run(ctx) {
    const { cluster } = ctx;
    await cluster.startSystem();
    const closed: number[] = [];
    const { value } = await during(ctx.submit(ctx.orders), 700, async () => {
      if (closed.length < 3) closed.push(await closeVhostConnections(cluster.infra.vhost));
    });
    while (closed.length < 3) closed.push(await closeVhostConnections(cluster.infra.vhost));
    const alive = cluster.all.every((s) => s.running);
    return {
      ...value,
      faultFired: closed.every((n) => n > 0) && alive,
      evidence: [`connections closed per round: ${closed.join(', ')}`, `every process survived and reconnected: ${alive}`],
    };
  },
};

/** 12: the payment queue is deleted; commands to it are unroutable until the participant re-declares it. */
export const unroutableCommand: Scenario = {
  id: '12',
  title: 'unroutable command (a participant queue deleted)',
  async run(ctx) {
    const { cluster } = ctx;
    await cluster.startSystem();
    const half = Math.ceil(ctx.orders.length / 2);
    const first = await ctx.submit(ctx.orders.slice(0, half));
    await eventually(
      async () => {
        const { rows } = await cluster.db.query<{ open: string }>(`SELECT count(*) AS open FROM saga WHERE status IN ('RUNNING', 'COMPENSATING')`);
        return Number(rows[0]?.open) === 0 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'first half to finish' },
    );
    // Stopped cleanly and its queue empty: deleting it loses nothing that was already delivered.
    await cluster.participants.get('payment')!.stop();
    await deleteQueue(cluster.infra.vhost, participantQueue('payment'));
    const queuesAfterDelete = (await vhostQueues(cluster.infra.vhost)).map((q) => q.name);
    const secondRun = ctx.submit(ctx.orders.slice(half));
    await sleep(4_000);
    const { rows } = await cluster.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL AND routing_key LIKE 'payment.%'`,
    );
    cluster.startParticipant('payment', {}, 'payment-restarted');
    const second = await secondRun;
    const held = Number(rows[0]?.n);
    return {
      accepted: [...first.accepted, ...second.accepted],
      notAccepted: first.notAccepted + second.notAccepted,
      faultFired: !queuesAfterDelete.includes(participantQueue('payment')) && held > 0,
      evidence: [
        `queue ${participantQueue('payment')} deleted`,
        `${held} payment command(s) returned unroutable and held unsent in the outbox until the participant came back`,
      ],
    };
  },
};

/** 17: three replicas; one dies before a commit, another is frozen (SIGSTOP) for 4 s holding whatever it held. */
export const racingReplicas: Scenario = {
  id: '17',
  title: 'three replicas race on the same sagas (one killed before commit, one paused)',
  async run(ctx) {
    const { cluster } = ctx;
    const point = CrashPoints.replyBeforeCommit;
    const hit = midRunHit(ctx.orders.length);
    const a = await cluster.startSystem({ SAGA_CRASH_POINT: point, SAGA_CRASH_POINT_HIT: String(hit) });
    const b = await cluster.startCoordinator('coordinator-B');
    await cluster.startCoordinator('coordinator-C');
    const submitted = ctx.submit(ctx.orders);
    await sleep(1_000);
    b.process.child.kill('SIGSTOP');
    await sleep(4_000);
    b.process.child.kill('SIGCONT');
    const value = await submitted;
    const crash = await crashEvidence(a.process, point, hit);
    return {
      ...value,
      faultFired: crash.fired && b.process.running,
      evidence: [crash.evidence, 'coordinator-B frozen with SIGSTOP for 4 s mid-run, then resumed'],
    };
  },
};
