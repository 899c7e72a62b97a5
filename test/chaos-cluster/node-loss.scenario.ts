import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type pg from 'pg';
import { eventually, RABBITMQ_MANAGEMENT_URL } from '../support/test-infrastructure.js';
import { faultWindow } from '../chaos/support/fault-windows.js';
import { vhostConnections } from '../chaos/support/rabbitmq-admin.js';
import { sagasInFlight } from '../chaos/support/saga-status.js';
import type { Scenario } from '../chaos/support/scenario-runner.js';

const execFileAsync = promisify(execFile);
const clusterScript = resolve(import.meta.dirname, '../../scripts/rabbitmq-cluster.sh');

/** The node every service connects to first (its URL is first in RABBITMQ_URL): the one that dies. */
const KilledNode = 1;
const killedNodeName = `saga-mq-${KilledNode}@localhost`;
const NodeDownMs = faultWindow({ published: 15_000, ci: 5_000 });

interface QuorumQueue {
  readonly name: string;
  readonly leader: string;
  readonly members: readonly string[];
  /** Members running now (a dead node stays a member, offline). */
  readonly online: readonly string[];
}

/** The vhost's quorum queues with their leader and members (management API of node 3, which stays up). */
async function quorumQueues(vhost: string): Promise<QuorumQueue[]> {
  const response = await fetch(`${RABBITMQ_MANAGEMENT_URL}/api/queues/${encodeURIComponent(vhost)}`, {
    headers: { authorization: 'Basic ' + Buffer.from('guest:guest').toString('base64') },
  });
  if (!response.ok) throw new Error(`RabbitMQ management GET /queues: ${response.status}`);
  const queues = (await response.json()) as Array<{ name: string; type?: string; leader?: string; members?: string[]; online?: string[] }>;
  return queues
    .filter((q) => q.type === 'quorum')
    .map((q) => ({ name: q.name, leader: q.leader ?? '?', members: q.members ?? [], online: q.online ?? [] }));
}

/** How many connections of the vhost each node holds, e.g. "saga-mq-1 7". */
async function connectionsPerNode(vhost: string): Promise<Map<string, number>> {
  const perNode = new Map<string, number>();
  for (const { pid } of await vhostConnections(vhost)) {
    const node = /<([^.]+@[^.]+)\./.exec(pid)?.[1] ?? 'unknown';
    perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  return perNode;
}

const describeCounts = (counts: Map<string, number>): string =>
  [...counts].map(([node, n]) => `${node.replace('@localhost', '')} ${n}`).join(', ') || 'none';

/**
 * 21: the coordinator and the three example participants run against a three-node cluster with
 * every node's URL configured (node 1 first, so every connection and every queue leader starts
 * there). Every order is submitted at once; when a third has started, node 1's Erlang VM is
 * SIGKILLed, and started again 15 s later (5 s at the CI size; it rejoins the cluster).
 * Every connection must move to node 2 or 3, every quorum queue must elect a new leader and
 * keep its three members, and no process may die.
 */
export const clusterNodeLoss: Scenario = {
  id: '21',
  title: `one node of a three-node RabbitMQ cluster (quorum queues) killed under load (SIGKILL), restarted ${NodeDownMs / 1_000} s later`,
  quiescenceMs: 300_000,
  async run(ctx) {
    const { cluster } = ctx;
    const vhost = cluster.infra.vhost;
    await cluster.startSystem();
    const queuesBefore = await quorumQueues(vhost);
    const connectionsBefore = await connectionsPerNode(vhost);
    // Every order is submitted at once (two submitters of 8 requests each); node 1 dies once a third has started.
    const third = Math.ceil(ctx.orders.length / 3);
    const first = ctx.submit(ctx.orders.slice(0, third));
    const rest = ctx.submit(ctx.orders.slice(third));
    await eventually(async () => ((await sagasStarted(cluster.db)) >= third ? true : undefined), {
      timeoutMs: 300_000,
      intervalMs: 100,
      what: 'a third of the sagas to start',
    });
    const inFlightAtKill = await sagasInFlight(cluster.db);
    const startedAtKill = await sagasStarted(cluster.db);
    await execFileAsync(clusterScript, ['kill', String(KilledNode)]);
    const killedAt = Date.now();
    // While node 1 is down: every connection on node 2 or 3 (how soon, measured from the kill).
    const connectionsWhileDown = await eventually(
      async () => {
        const counts = await connectionsPerNode(vhost);
        return totalOf(counts) >= totalOf(connectionsBefore) && !counts.has(killedNodeName) ? counts : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'every connection to move to node 2 or 3' },
    ).catch(() => connectionsPerNode(vhost));
    const failoverMs = Date.now() - killedAt;
    await sleep(Math.max(0, NodeDownMs - failoverMs));
    const queuesWhileDown = await quorumQueues(vhost);
    const startedWhileDown = (await sagasStarted(cluster.db)) - startedAtKill;
    await execFileAsync(clusterScript, ['start'], { timeout: 300_000 });
    const downMs = Date.now() - killedAt;
    const [a, b] = await Promise.all([first, rest]);
    // The restarted node is back: each queue has its three members online again.
    const queuesAfter = await eventually(
      async () => {
        const queues = await quorumQueues(vhost);
        return queues.length === queuesBefore.length && queues.every((q) => q.online.length === 3) ? queues : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, what: 'every quorum queue back to three members' },
    ).catch(() => quorumQueues(vhost));
    const alive = cluster.all.every((s) => s.running);
    const ledFromKilled = queuesBefore.filter((q) => q.leader === killedNodeName).length;
    const reelected = queuesWhileDown.filter((q) => q.leader !== killedNodeName && q.leader !== '?').length;
    const threeMembers = queuesBefore.length > 0 && queuesBefore.every((q) => q.members.length === 3 && q.online.length === 3);
    return {
      accepted: [...a.accepted, ...b.accepted],
      notAccepted: a.notAccepted + b.notAccepted,
      faultFired:
        threeMembers &&
        (connectionsBefore.get(killedNodeName) ?? 0) > 0 &&
        !connectionsWhileDown.has(killedNodeName) &&
        totalOf(connectionsWhileDown) >= totalOf(connectionsBefore) &&
        ledFromKilled > 0 &&
        reelected === queuesWhileDown.length &&
        inFlightAtKill > 0 &&
        queuesAfter.every((q) => q.online.length === 3) &&
        alive,
      evidence: [
        `${killedNodeName} SIGKILLed with ${inFlightAtKill} saga(s) in flight (${startedAtKill} started); ${startedWhileDown} more started while it was down; down ${downMs} ms until it answered again`,
        `${queuesBefore.length} quorum queues, each with 3 members: ${threeMembers}; ${ledFromKilled} led from node 1 before, all re-elected elsewhere while it was down: ${reelected === queuesWhileDown.length} (members online then: ${queuesWhileDown.map((q) => q.online.length).join('/')}); after the restart: ${queuesAfter.map((q) => q.online.length).join('/')}`,
        `connections per node before: ${describeCounts(connectionsBefore)}; ${failoverMs} ms after the kill: ${describeCounts(connectionsWhileDown)}`,
        `every process survived: ${alive}`,
      ],
    };
  },
};

async function sagasStarted(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM saga');
  return Number(rows[0]?.n);
}

const totalOf = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);
