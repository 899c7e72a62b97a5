import { freePort } from '../../test/support/service-processes.js';
import { pidOf, startBenchProcess } from './bench-process.js';
import type { RunEnvironment } from './run-environment.js';
import type { SagaRequest, SystemUnderTest } from './system-under-test.js';

/** The DBOS peer process on the run's database (its system database); steps run in-process. */
export async function startDbos(env: RunEnvironment): Promise<SystemUnderTest> {
  const port = await freePort();
  const peer = await startBenchProcess(
    'dbos',
    'peer/dbos-order.main.js',
    { DBOS_DATABASE_URL: env.databaseUrl, DBOS_PORT: String(port) },
    'dbos peer ready',
  );
  const url = `http://127.0.0.1:${port}/v1/sagas`;
  return {
    name: 'DBOS',
    coordinatorPids: () => [pidOf(peer)],
    participantPids: () => [],
    runSaga: async (request: SagaRequest) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
      const body = (await response.json()) as { status?: string; detail?: string };
      if (!response.ok || !body.status) throw new Error(`DBOS saga failed: ${response.status} ${body.detail ?? ''}`);
      return body.status;
    },
    stop: async () => {
      await peer.stop();
    },
  };
}
