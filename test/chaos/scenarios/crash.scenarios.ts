import { CrashPoints, type CrashPointName } from '../../../src/fault-injection/crash-point-name.js';
import type { Scenario } from '../support/scenario-runner.js';
import { coordinatorCrashScenario, crashEvidence, midRunHit, onlyShippingRefuses } from './crash-helpers.js';

/** 0: the same load without a fault, for the time-to-terminal comparison. */
export const baseline: Scenario = {
  id: '0',
  title: 'no fault (baseline)',
  async run(ctx) {
    await ctx.cluster.startSystem();
    const { accepted, notAccepted } = await ctx.submit(ctx.orders);
    return { accepted, notAccepted, faultFired: true, evidence: ['no fault injected'] };
  },
};

/** A replica killed at `point` halfway through the run, then restarted; the client retries. */
function crashMidRun(id: string, title: string, point: CrashPointName): Scenario {
  return { id, title, run: (ctx) => coordinatorCrashScenario(ctx, point, midRunHit(ctx.orders.length)) };
}

export const startAfterCommit = crashMidRun(
  '1',
  'coordinator killed after the saga row commits, before the HTTP answer; client retries with the same key',
  CrashPoints.startAfterCommit,
);

export const afterCommitBeforePublish = crashMidRun(
  '2',
  "coordinator killed after step N's result commits, before step N+1's command is published",
  CrashPoints.replyAfterCommitBeforePublish,
);

export const afterConfirmBeforeMarkSent = crashMidRun(
  '3',
  'coordinator killed after the broker confirms, before the outbox row is marked sent',
  CrashPoints.relayAfterConfirmBeforeMarkSent,
);

export const replyBeforeCommit = crashMidRun('4', 'coordinator killed after receiving a reply, before commit', CrashPoints.replyBeforeCommit);

export const replyAfterCommitBeforeAck = crashMidRun('5', 'coordinator killed after commit, before ack', CrashPoints.replyAfterCommitBeforeAck);

/**
 * 6: the first saga, made one that only shipping refuses, runs alone, so the 4th reply that
 * commits new commands is its refund's reply: the replica dies between "refund done" and
 * "release the stock". (The planned first order may be an inventory or payment refusal, which
 * would stop before the refund: the replica would then live on into the other orders and die
 * on one of theirs, after the deadline.)
 */
export const midCompensation: Scenario = {
  id: '6',
  title: 'coordinator killed in the middle of a compensation chain',
  async run(ctx) {
    const { cluster } = ctx;
    const [first, ...rest] = ctx.orders;
    const lone = onlyShippingRefuses(first!);
    const point = CrashPoints.replyAfterCommitBeforePublish;
    const a = await cluster.startSystem({ SAGA_CRASH_POINT: point, SAGA_CRASH_POINT_HIT: '4' });
    const one = await ctx.submit([lone]);
    const crash = await crashEvidence(a.process, point, 4, 30_000);
    await cluster.startCoordinator('coordinator-B');
    const others = await ctx.submit(rest);
    const accepted = [...one.accepted, ...others.accepted];
    const saga = one.accepted[0]?.sagaId;
    const { rows } = await cluster.db.query<{ type: string; step: string }>(`SELECT type, step FROM saga_event WHERE saga_id = $1 ORDER BY seq`, [
      saga ?? '00000000-0000-0000-0000-000000000000',
    ]);
    const refunded = rows.some((r) => r.type === 'CompensationSucceeded' && r.step === 'charge-payment');
    return {
      accepted,
      notAccepted: one.notAccepted + others.notAccepted,
      faultFired: crash.fired && refunded,
      evidence: [crash.evidence, `saga ${saga}: refund committed before the kill, release-inventory still to send: ${refunded ? 'yes' : 'no'}`],
    };
  },
};

/** 7: the payment participant commits a charge and dies before replying; it is restarted without the crash point. */
export const participantAfterCommit: Scenario = {
  id: '7',
  title: 'participant does its work and commits, then dies before replying',
  async run(ctx) {
    const { cluster } = ctx;
    const point = CrashPoints.participantAfterCommitBeforeReply;
    const hit = Math.max(2, Math.ceil(ctx.orders.length / 4));
    await cluster.startSystem({}, { payment: { SAGA_CRASH_POINT: point, SAGA_CRASH_POINT_HIT: String(hit) } });
    const payment = cluster.participants.get('payment')!;
    const restarted = payment.exited().then(() => cluster.startParticipant('payment', {}, 'payment-restarted'));
    const { accepted, notAccepted } = await ctx.submit(ctx.orders);
    const crash = await crashEvidence(payment, point, hit);
    // The first payment process is gone either way (crashed, or killed at the deadline).
    await restarted;
    return { accepted, notAccepted, faultFired: crash.fired, evidence: [crash.evidence] };
  },
};
