import { freePort, type ServiceProcess } from '../../test/support/service-processes.js';
import { CompletionListener, installCompletionTrigger } from '../workload/completion-listener.js';
import { pidOf, startBenchProcess } from './bench-process.js';
import { startSaga } from './ours-system.js';
import { ParticipantKinds, startParticipants } from './participants-process.js';
import type { RunEnvironment } from './run-environment.js';
import type { SagaRequest, SystemUnderTest } from './system-under-test.js';

/** The minimal coordinator (bench/reference) driving the hand-written fenced participants. */
export async function startMinimal(env: RunEnvironment): Promise<SystemUnderTest> {
  const port = await freePort();
  const listener = new CompletionListener();
  let coordinator: ServiceProcess | undefined;
  let participants: ServiceProcess | undefined;
  const stop = async () => {
    await participants?.stop();
    await coordinator?.stop();
    await listener.stop();
  };
  try {
    coordinator = await startBenchProcess(
      'minimal',
      'reference/minimal-coordinator.main.js',
      {
        MINIMAL_DATABASE_URL: env.databaseUrl,
        MINIMAL_RABBITMQ_URL: env.rabbitmqUrl,
        MINIMAL_PORT: String(port),
      },
      'minimal coordinator ready',
    );
    await installCompletionTrigger(env.databaseUrl, ['COMPLETED', 'COMPENSATED']);
    await listener.start(env.databaseUrl);
    participants = await startParticipants(ParticipantKinds.handWritten, env);
  } catch (error) {
    await stop();
    throw error;
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  const sut = { coordinator, participants };
  return {
    name: 'minimal',
    listener,
    coordinatorPids: () => [pidOf(sut.coordinator)],
    participantPids: () => [pidOf(sut.participants)],
    runSaga: async (request: SagaRequest) => (await listener.completion(await startSaga(baseUrl, request))).status,
    stop,
  };
}
