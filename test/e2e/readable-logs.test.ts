import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrettyLogOptions as ExamplePrettyLogOptions } from '../../examples/order/src/example-logger.util.js';
import { PrettyLogOptions as CoordinatorPrettyLogOptions } from '../../src/config/logger-params.js';
import { startCoordinator, startService, type ServiceProcess } from '../support/service-processes.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';

/** One pino-pretty line: `[14:03:07.123] INFO: message {fields}` (colours stripped). */
const PrettyLine = /^\[\d{2}:\d{2}:\d{2}\.\d{3}\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL): \S.*$/;

function linesOf(service: ServiceProcess): string[] {
  return stripVTControlCharacters(service.log)
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** Starts the coordinator and the inventory participant with `LOG_FORMAT`, makes one request, stops both, returns their lines. */
async function runBoth(infra: TestInfrastructure, format: 'json' | 'pretty'): Promise<{ coordinator: string[]; participant: string[] }> {
  const env = { DATABASE_URL: infra.databaseUrl, RABBITMQ_URL: infra.rabbitmqUrl, LOG_FORMAT: format };
  const coordinator = await startCoordinator(env);
  const inventory = startService('inventory', env);
  try {
    await eventually(() => (inventory.log.includes('participant started') ? true : undefined), { timeoutMs: 60_000, what: 'inventory started' });
    expect((await fetch(`${coordinator.baseUrl}/v1/definitions`)).status).toBe(200);
    // The request line is written once the response is finished.
    await eventually(() => (coordinator.process.log.includes('request completed') ? true : undefined), { what: 'the request line' });
  } finally {
    await Promise.all([coordinator.process.stop(), inventory.stop()]);
    await Promise.all([coordinator.process.closed(), inventory.closed()]);
  }
  return { coordinator: linesOf(coordinator.process), participant: linesOf(inventory) };
}

/**
 * `npm start` runs the coordinator and the example participants under `concurrently`, with no
 * TTY: `LOG_FORMAT=pretty` makes every process write the same readable line shape, and the
 * default (`json`) the same JSON fields.
 */
describe('log format of the coordinator and the example participants', () => {
  let infra: TestInfrastructure;

  beforeAll(async () => {
    infra = await createTestInfrastructure('saga_e2e_logs');
  });

  afterAll(async () => {
    await infra?.dispose();
  });

  it('uses the same pino-pretty options in both (the examples repeat the coordinator’s)', () => {
    expect(ExamplePrettyLogOptions).toEqual(CoordinatorPrettyLogOptions);
  });

  it('LOG_FORMAT=pretty: every line of both processes is one readable line of the same shape', async () => {
    const { coordinator, participant } = await runBoth(infra, 'pretty');
    expect(coordinator.filter((line) => !PrettyLine.test(line))).toEqual([]);
    expect(participant.filter((line) => !PrettyLine.test(line))).toEqual([]);
    expect(coordinator).toContainEqual(expect.stringMatching(/\] INFO: saga-coordinator listening on http:/));
    expect(coordinator).toContainEqual(expect.stringMatching(/\] INFO: request completed GET \/v1\/definitions 200 \{/));
    expect(participant).toContainEqual(expect.stringMatching(/\] INFO: participant started \{"participant":"inventory"/));
  });

  it('LOG_FORMAT=json (the default): both write pino JSON lines with the same fields', async () => {
    const { coordinator, participant } = await runBoth(infra, 'json');
    for (const line of [...coordinator, ...participant]) {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(parsed, line).toMatchObject({ level: expect.any(Number), time: expect.any(Number), pid: expect.any(Number), msg: expect.any(String) });
    }
    expect(participant.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ participant: 'inventory', msg: 'participant started' }),
    );
  });
});
