import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParticipant, type Participant, silentLogger, StepResult } from '@saga-coordinator/participant';
import { createTestInfrastructure, eventually, RABBITMQ_HOST } from '../../support/test-infrastructure.js';
import type { TestInfrastructure } from '../../support/test-infrastructure.js';
import { CoordinatorProbe, stepCommand } from './coordinator-probe.js';

const managementUrl = process.env.TEST_RABBITMQ_MANAGEMENT_URL ?? `http://${RABBITMQ_HOST}:15672`;
const authorization = 'Basic ' + Buffer.from('guest:guest').toString('base64');

interface ConnectionInfo {
  name: string;
  user_provided_name?: string;
}

/** The broker's connections in `vhost` whose client-given name starts with `prefix`. */
async function connectionsOf(vhost: string, prefix: string): Promise<ConnectionInfo[]> {
  const response = await fetch(`${managementUrl}/api/vhosts/${encodeURIComponent(vhost)}/connections`, { headers: { authorization } });
  const all = (await response.json()) as ConnectionInfo[];
  return all.filter((c) => c.user_provided_name?.startsWith(prefix) === true);
}

async function closeConnection(name: string): Promise<void> {
  const response = await fetch(`${managementUrl}/api/connections/${encodeURIComponent(name)}`, {
    method: 'DELETE',
    headers: { authorization, 'x-reason': 'test: connection closed by the broker' },
  });
  expect(response.ok).toBe(true);
}

describe('participant SDK connection recovery', () => {
  let infra: TestInfrastructure;
  let pool: pg.Pool;
  let participant: Participant;
  let probe: CoordinatorProbe;

  beforeAll(async () => {
    infra = await createTestInfrastructure('sdk_reconnect');
    pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 4 });
    probe = await CoordinatorProbe.connect(infra.rabbitmqUrl);
    participant = createParticipant({ name: 'echo', rabbitmqUrl: infra.rabbitmqUrl, fence: { pool, schema: 'echo' }, logger: silentLogger }).handle(
      'echo',
      async (command) => StepResult.succeeded(command.payload),
    );
    await participant.start();
  });

  afterAll(async () => {
    await participant?.stop();
    await probe?.close();
    await pool?.end();
    await infra?.dispose();
  });

  it('reconnects after the broker closes its connections and keeps consuming', async () => {
    const before = await probe.send(stepCommand({ participant: 'echo', command: 'echo', payload: { n: 1 } }));
    await probe.replyTo(before);
    const original = await eventually(
      async () => {
        const found = await connectionsOf(infra.vhost, 'echo/');
        return found.length === 2 ? found : undefined;
      },
      { what: 'both participant connections listed by the management API' },
    );

    await Promise.all(original.map((c) => closeConnection(c.name)));
    await eventually(
      async () => {
        const now = await connectionsOf(infra.vhost, 'echo/');
        return now.length === 2 && now.every((c) => !original.some((o) => o.name === c.name)) ? true : undefined;
      },
      { what: 'two new participant connections' },
    );

    const after = await probe.send(stepCommand({ participant: 'echo', command: 'echo', payload: { n: 2 } }));
    expect((await probe.replyTo(after)).body).toMatchObject({ outcome: 'succeeded', output: { n: 2 } });
  });

  it('answers a command published while it was disconnected once it is back', async () => {
    const original = await connectionsOf(infra.vhost, 'echo/');
    await Promise.all(original.map((c) => closeConnection(c.name)));
    const during = await probe.send(stepCommand({ participant: 'echo', command: 'echo', payload: { n: 3 } }));

    expect((await probe.replyTo(during)).body).toMatchObject({ outcome: 'succeeded', output: { n: 3 } });
  });

  it('starts on the next node of a cluster when the first URL does not answer, and serves from there', async () => {
    const deadNode = infra.rabbitmqUrl.replace(/:\d+\//, ':1/');
    const failover = createParticipant({
      name: 'failover',
      rabbitmqUrl: [deadNode, infra.rabbitmqUrl],
      fence: { pool, schema: 'failover' },
      logger: silentLogger,
      startupRetries: 2,
    }).handle('echo', async (command) => StepResult.succeeded(command.payload));
    await failover.start();
    try {
      const sent = await probe.send(stepCommand({ participant: 'failover', command: 'echo', payload: { n: 4 } }));
      expect((await probe.replyTo(sent)).body).toMatchObject({ outcome: 'succeeded', output: { n: 4 } });
    } finally {
      await failover.stop();
    }
  });

  it('refuses broker URLs that log in as different users before connecting', () => {
    const options = { name: 'mixed', fence: { pool, schema: 'mixed' }, logger: silentLogger };
    expect(() => createParticipant({ ...options, rabbitmqUrl: 'amqp://a:x@127.0.0.1:5681,amqp://b:x@127.0.0.1:5682' })).toThrow(
      'Invalid participant options: rabbitmqUrl: every broker URL must log in as the same user; URL 2 names another user than URL 1',
    );
  });

  it('rejects start when the broker cannot be reached, and leaves nothing running', async () => {
    const unreachable = createParticipant({
      name: 'lonely',
      rabbitmqUrl: 'amqp://guest:guest@127.0.0.1:1',
      fence: { pool, schema: 'lonely' },
      logger: silentLogger,
      startupRetries: 1,
    }).handle('noop', async () => StepResult.succeeded());
    const listenersBefore = pool.listenerCount('error');

    await expect(unreachable.start()).rejects.toThrow();

    expect(pool.listenerCount('error')).toBe(listenersBefore);
  });
});
