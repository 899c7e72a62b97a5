import { SagaClient } from './saga-client.js';
import { startService, type ServiceProcess } from './service-processes.js';
import { eventually } from './test-infrastructure.js';

/** The example participants of the order saga, each a process of its own. */
export const ExampleParticipants = ['inventory', 'payment', 'shipping'] as const;

export function startExampleParticipants(env: Record<string, string>): ServiceProcess[] {
  return ExampleParticipants.map((name) => startService(name, env));
}

/**
 * Waits until every example participant has announced itself to the coordinator; on time-out
 * the error carries the tail of each service's output.
 */
export async function waitForParticipants(client: SagaClient, services: readonly ServiceProcess[]): Promise<void> {
  await eventually(
    async () => {
      const { body } = await client.json('/v1/participants');
      return Array.isArray(body) && body.length === ExampleParticipants.length ? body : undefined;
    },
    { timeoutMs: 60_000, what: 'the three participants to announce themselves' },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${services.map((s) => `--- ${s.name}\n${s.log.slice(-3000)}`).join('\n')}`);
  });
}
