import { freePort, type ServiceProcess } from '../../test/support/service-processes.js';
import { CompletionListener, installCompletionTrigger } from '../workload/completion-listener.js';
import { pidOf, startBenchProcess } from './bench-process.js';
import { startSaga } from './ours-system.js';
import { ParticipantKinds, startParticipants } from './participants-process.js';
import type { RunEnvironment } from './run-environment.js';
import type { SagaRequest, SystemUnderTest } from './system-under-test.js';

/** The framework-free ceiling coordinator with the same SDK participants as ours. */
export async function startCeiling(env: RunEnvironment): Promise<SystemUnderTest> {
  const port = await freePort();
  const listener = new CompletionListener();
  let ceiling: ServiceProcess | undefined;
  let participants: ServiceProcess | undefined;
  const stop = async () => {
    await participants?.stop();
    await ceiling?.stop();
    await listener.stop();
  };
  try {
    ceiling = await startBenchProcess(
      'ceiling',
      'ceiling/ceiling-coordinator.main.js',
      {
        CEILING_DATABASE_URL: env.databaseUrl,
        CEILING_RABBITMQ_URL: env.rabbitmqUrl,
        CEILING_PORT: String(port),
      },
      'ceiling ready',
    );
    await installCompletionTrigger(env.databaseUrl, ['COMPLETED', 'COMPENSATED']);
    await listener.start(env.databaseUrl);
    participants = await startParticipants(ParticipantKinds.sdk, env);
  } catch (error) {
    await stop();
    throw error;
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  const sut = { ceiling, participants };
  return {
    name: 'ceiling',
    listener,
    coordinatorPids: () => [pidOf(sut.ceiling)],
    participantPids: () => [pidOf(sut.participants)],
    runSaga: async (request: SagaRequest) => (await listener.completion(await startSaga(baseUrl, request))).status,
    stop,
  };
}
