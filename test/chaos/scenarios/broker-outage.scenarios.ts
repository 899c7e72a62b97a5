import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from '../../support/test-infrastructure.js';
import { faultWindow } from '../support/fault-windows.js';
import { registerOrderVersion, stepTimeout } from '../support/order-definition-versions.js';
import type { Scenario } from '../support/scenario-runner.js';
import { sagasInFlight } from '../support/saga-status.js';
import { blockedConnections, memoryAlarmRaised, rabbitmqctl, vhostConnections } from '../support/rabbitmq-admin.js';

/**
 * Faults 11 and 13 act on the whole broker node: they run only on the chaos suite's private node
 * (scripts/chaos-broker.sh, started by test/chaos/chaos-broker.global-setup.ts), never on the shared one.
 */

const BrokerDownMs = faultWindow({ published: 8_000, ci: 3_000 });
const AlarmMs = faultWindow({ published: 30_000, ci: 10_000 });
/** Step timeout of 11 and 13 (a new definition version): longer than the outage, so it spends no attempts. */
const OutageStepTimeoutMs = 60_000;

/**
 * 11: half the orders run; then the broker application stops for 8 s (3 s at the CI size) while
 * the other half is submitted (the API still accepts them: the outbox holds their commands), and
 * starts again; every process reconnects. The steps get a 60 s timeout (a new definition version),
 * as in 13: with the default 10 s, stop_app and start_app themselves stretch the outage past the
 * timeout, every step in flight spends attempts on it, and at 1,000 sagas one ran out of them and
 * compensated. The fault tested is the restart (reconnect, redelivery, the relay), not a timeout.
 */
export const brokerRestart: Scenario = {
  id: '11',
  title: `broker restart (rabbitmqctl stop_app, ${BrokerDownMs / 1_000} s, start_app)`,
  async run(ctx) {
    const { cluster } = ctx;
    const replica = await cluster.startSystem();
    const version = await registerOrderVersion(replica.baseUrl, stepTimeout(OutageStepTimeoutMs));
    const half = Math.ceil(ctx.orders.length / 2);
    const first = ctx.submit(ctx.orders.slice(0, half));
    await sleep(300);
    const before = (await vhostConnections(cluster.infra.vhost)).length;
    await rabbitmqctl(['stop_app'], 60_000);
    const stoppedAt = Date.now();
    const second = ctx.submit(ctx.orders.slice(half));
    await sleep(BrokerDownMs);
    const pending = await sagasInFlight(cluster.db);
    await rabbitmqctl(['start_app'], 120_000);
    const downMs = Date.now() - stoppedAt;
    const [a, b] = await Promise.all([first, second]);
    const value = { accepted: [...a.accepted, ...b.accepted], notAccepted: a.notAccepted + b.notAccepted };
    const after = await eventually(
      async () => {
        const n = (await vhostConnections(cluster.infra.vhost)).length;
        return n >= before ? n : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, what: 'every process to reconnect' },
    ).catch(() => 0);
    const alive = cluster.all.every((s) => s.running);
    return {
      ...value,
      faultFired: before > 0 && after >= before && alive && pending > 0,
      evidence: [
        `broker application stopped for ${downMs} ms (stop_app … start_app); ${pending} saga(s) in flight when it came back`,
        `vhost connections before ${before}, after ${after}`,
        `every process survived: ${alive}`,
        `steps ran with a ${OutageStepTimeoutMs / 1_000} s timeout (order definition version ${version})`,
      ],
    };
  },
};

/**
 * 13: the broker's memory high watermark drops to almost nothing for 30 s (10 s at the CI size):
 * the memory alarm blocks every publishing connection (coordinator and participants). The steps
 * get a 60 s timeout (a new definition version) so that held publishes do not spend the
 * retries: the fault tested is the blocked publish, not a timeout.
 */
export const memoryAlarm: Scenario = {
  id: '13',
  title: `broker memory alarm: publishers blocked for ${AlarmMs / 1_000} s`,
  async run(ctx) {
    const { cluster } = ctx;
    const replica = await cluster.startSystem();
    const version = await registerOrderVersion(replica.baseUrl, stepTimeout(OutageStepTimeoutMs));
    const half = Math.ceil(ctx.orders.length / 2);
    const first = ctx.submit(ctx.orders.slice(0, half));
    await sleep(300);
    let alarm: boolean;
    let blocked: number;
    let pending: number;
    const raisedAt = Date.now();
    await rabbitmqctl(['set_vm_memory_high_watermark', '0.0000001']);
    // The rest is submitted under the alarm: every command and reply of these sagas is held.
    const second = ctx.submit(ctx.orders.slice(half));
    try {
      alarm = await eventually(async () => ((await memoryAlarmRaised()) ? true : undefined), {
        timeoutMs: 15_000,
        intervalMs: 250,
        what: 'the memory alarm',
      }).catch(() => false);
      blocked = await eventually(
        async () => {
          const n = await blockedConnections(cluster.infra.vhost);
          return n > 0 ? n : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 500, what: 'a blocked connection' },
      ).catch(() => 0);
      await sleep(Math.max(0, AlarmMs - (Date.now() - raisedAt)));
      pending = await sagasInFlight(cluster.db);
    } finally {
      await rabbitmqctl(['set_vm_memory_high_watermark', '0.4']);
    }
    const heldMs = Date.now() - raisedAt;
    const [a, b] = await Promise.all([first, second]);
    return {
      accepted: [...a.accepted, ...b.accepted],
      notAccepted: a.notAccepted + b.notAccepted,
      faultFired: alarm && blocked > 0 && pending > 0,
      evidence: [
        `memory alarm raised for ${heldMs} ms (set_vm_memory_high_watermark 0.0000001, then 0.4): ${alarm ? 'seen by the management API' : 'NOT seen'}; ${pending} saga(s) in flight when it cleared`,
        `${blocked} connection(s) of the vhost blocked`,
        `steps ran with a ${OutageStepTimeoutMs / 1_000} s timeout (order definition version ${version})`,
      ],
    };
  },
};
