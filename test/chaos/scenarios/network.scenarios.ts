import { setTimeout as sleep } from 'node:timers/promises';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';
import { eventually, RABBITMQ_PORT } from '../../support/test-infrastructure.js';
import { queryReadTimeoutMs } from '../../../src/persistence/fail-fast-pg.client.js';
import { faultWindow } from '../support/fault-windows.js';
import type { Scenario } from '../support/scenario-runner.js';
import { commandTag, isCommitQuery } from '../support/postgres-wire.js';
import { sagasInFlight } from '../support/saga-status.js';

/** `url` with its port replaced by the proxy's (and extra query parameters). */
function through(url: string, proxy: TcpProxy, query: Record<string, string> = {}): string {
  const parsed = new URL(url);
  parsed.port = String(proxy.port);
  for (const [key, value] of Object.entries(query)) parsed.searchParams.set(key, value);
  return parsed.toString();
}

/**
 * Replica A's statement timeout (the default 15 s; 5 s at the CI size): its PostgreSQL query
 * read timeout is 5 s more, and the silence outlasts that by 6 s, so A must notice by itself.
 */
const StatementTimeoutMs = faultWindow({ published: 15_000, ci: 5_000 });
const SilenceMs = queryReadTimeoutMs(StatementTimeoutMs) + 6_000;

/**
 * 14: replica A reaches RabbitMQ and PostgreSQL through proxies that go silent for 26 s (16 s at
 * the CI size) without closing anything (half-open connections); replica B is direct. A must notice by itself: AMQP
 * heartbeats (`?heartbeat=3` in its broker URL) and the pg query read timeout drop its dead
 * connections. Half the orders are in flight when it starts, the other half is submitted during the silence (requests to A time
 * out and are retried on B, as a client would).
 */
export const halfOpenConnections: Scenario = {
  id: '14',
  title: 'half-open TCP to the broker and to PostgreSQL (a proxy stops passing bytes)',
  async run(ctx) {
    const { cluster } = ctx;
    const amqpProxy = await startTcpProxy({ targetPort: RABBITMQ_PORT });
    const pgProxy = await startTcpProxy({ targetPort: Number(new URL(cluster.infra.databaseUrl).port || 5432) });
    // Replica A keeps using the proxies until the scenario's end (quiescence included).
    cluster.onDispose(() => amqpProxy.close());
    cluster.onDispose(() => pgProxy.close());
    const a = await cluster.startSystem({
      DATABASE_URL: through(cluster.infra.databaseUrl, pgProxy),
      RABBITMQ_URL: through(cluster.infra.rabbitmqUrl, amqpProxy, { heartbeat: '3' }),
      DATABASE_STATEMENT_TIMEOUT_MS: String(StatementTimeoutMs),
    });
    await cluster.startCoordinator('coordinator-B');
    const half = Math.ceil(ctx.orders.length / 2);
    const first = ctx.submit(ctx.orders.slice(0, half));
    await sleep(300);
    const silent = { amqp: amqpProxy.connections, pg: pgProxy.connections };
    amqpProxy.pause();
    pgProxy.pause();
    const second = ctx.submit(ctx.orders.slice(half));
    await sleep(SilenceMs);
    const noticed = { amqp: amqpProxy.closedByClientWhilePaused, pg: pgProxy.closedByClientWhilePaused };
    const pending = await sagasInFlight(cluster.db);
    amqpProxy.resume();
    pgProxy.resume();
    const [head, rest] = await Promise.all([first, second]);
    const ready = await eventually(
      async () => ((await fetch(`${a.baseUrl}/health/ready`).catch(() => undefined))?.status === 200 ? true : undefined),
      {
        timeoutMs: 60_000,
        intervalMs: 500,
        what: 'replica A ready again',
      },
    ).catch(() => false);
    const heartbeatLogged = /heartbeat/i.test(a.process.log);
    return {
      accepted: [...head.accepted, ...rest.accepted],
      notAccepted: head.notAccepted + rest.notAccepted,
      faultFired: noticed.amqp > 0 && noticed.pg > 0 && a.process.running && ready,
      evidence: [
        `proxies silent for ${SilenceMs} ms over ${silent.amqp} AMQP and ${silent.pg} PostgreSQL connection(s) of replica A; ${pending} saga(s) in flight when it ended`,
        `replica A closed ${noticed.amqp} silent AMQP connection(s) (heartbeat 3 s; "heartbeat" in its log: ${heartbeatLogged ? 'yes' : 'no'}) and ${noticed.pg} silent PostgreSQL connection(s) (query read timeout ${queryReadTimeoutMs(StatementTimeoutMs)} ms) by itself`,
        `replica A still running and ready again after the silence: ${a.process.running && ready}`,
      ],
    };
  },
};

/** Every 5th COMMIT of the proxied processes, up to this many, is an ambiguous one. */
const AmbiguousEvery = 5;
const AmbiguousMax = 12;

/**
 * 16: replica A and the payment participant reach PostgreSQL through a proxy that, for every 5th
 * COMMIT (up to 12), lets the COMMIT reach the server and then cuts the connection before the
 * answer gets back: the transaction committed, the caller saw an error. The caller retries
 * (redelivery, HTTP retry with the same key, relay re-publish); the inbox, the idempotency key and
 * the fence must make the retry change nothing.
 */
export const ambiguousCommits: Scenario = {
  id: '16',
  title: 'ambiguous commit: the commit succeeded but the caller saw an error',
  async run(ctx) {
    const { cluster } = ctx;
    let armed = false;
    let commits = 0;
    const tags: string[] = [];
    const pgProxy = await startTcpProxy({
      targetPort: Number(new URL(cluster.infra.databaseUrl).port || 5432),
      dropAnswerTo: (chunk) => {
        if (!armed || !isCommitQuery(chunk)) return false;
        commits += 1;
        return commits % AmbiguousEvery === 0 && tags.length < AmbiguousMax;
      },
      onDroppedAnswer: (answer) => tags.push(commandTag(answer) ?? 'other'),
    });
    // Replica A and payment keep using the proxy until the scenario's end (quiescence included).
    cluster.onDispose(() => pgProxy.close());
    const viaProxy = { DATABASE_URL: through(cluster.infra.databaseUrl, pgProxy) };
    // B is direct, so that a start request cut by A's lost connection is retried where it can succeed too.
    await cluster.startSystem(viaProxy, { payment: viaProxy });
    await cluster.startCoordinator('coordinator-B');
    armed = true;
    const value = await ctx.submit(ctx.orders);
    const committed = tags.filter((t) => t === 'COMMIT').length;
    const alive = cluster.all.every((s) => s.running);
    return {
      ...value,
      faultFired: committed > 0 && alive,
      evidence: [
        `${pgProxy.answersDropped} COMMIT answers dropped (every ${AmbiguousEvery}th of replica A and payment, connection cut): ${committed} had committed ("COMMIT" tag), ${tags.length - committed} had not`,
        `every process survived: ${alive}`,
      ],
    };
  },
};
