import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { type ConformanceOptions, type ConformanceReport, runConformance } from '@saga-coordinator/conformance';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceProcess, startService } from '../support/service-processes.js';
import { createTestInfrastructure, eventually, type TestInfrastructure } from '../support/test-infrastructure.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const plainParticipant = resolve(repoRoot, 'examples/plain-amqplib/loyalty-participant.mjs');
const brokenParticipant = resolve(repoRoot, 'test/e2e/fixtures/broken-participant.mjs');
/**
 * What `npx saga-conformance` runs: the package's `bin`. Run through node, since in this repository
 * npm links workspace bins at install time, before the build has produced them.
 */
const conformancePackage = resolve(repoRoot, 'packages/conformance');
const conformanceBin = resolve(
  conformancePackage,
  (JSON.parse(readFileSync(resolve(conformancePackage, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['saga-conformance']!,
);
const runKit = (args: readonly string[]) => promisify(execFile)(process.execPath, [conformanceBin, ...args]);

/** An order the example participants accept; `{{sagaId}}` makes each saga's order its own. */
const orderInput = {
  orderId: 'order-{{sagaId}}',
  customerId: 'customer-42',
  items: [{ sku: 'SKU-1', quantity: 2, unitPrice: 25 }],
  shippingAddress: { country: 'DE', city: 'Berlin', line1: 'Main St 1', postalCode: '10115' },
};

function startScript(label: string, script: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new ServiceProcess(label, child);
}

function statusOf(report: ConformanceReport): Record<string, string> {
  return Object.fromEntries(report.results.map((result) => [result.id, result.status]));
}

function explain(report: ConformanceReport): string {
  return report.results.map((result) => `${result.status} ${result.id}: ${result.detail}`).join('\n');
}

/**
 * The conformance kit against real participants on a real broker and database: the three
 * example participants (SDK), the participant in plain amqplib that docs/participants.md
 * includes, and two deliberately broken ones, which it must fail on the rule each one breaks.
 */
describe('saga-conformance', () => {
  let infra: TestInfrastructure;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    infra = await createTestInfrastructure('saga_conformance');
    const env = { DATABASE_URL: infra.databaseUrl, RABBITMQ_URL: infra.rabbitmqUrl };
    services.push(
      startService('inventory', env),
      // Orders marked `slow-` hold the charge's transaction 2 s: a compensation sent meanwhile arrives while it runs.
      startService('payment', { ...env, PAYMENT_FAULT_SLOW_CHARGE_FOR: 'slow-', PAYMENT_FAULT_SLOW_CHARGE_MS: '2000' }),
      startService('shipping', env),
      startScript('loyalty', plainParticipant, env),
      startScript('no-fence', brokenParticipant, { ...env, BROKEN_MODE: 'no-fence' }),
      startScript('refuses', brokenParticipant, { ...env, BROKEN_MODE: 'refuses-unexecuted-compensation' }),
    );
    await eventually(
      () => {
        const down = services.filter((service) => !service.running);
        if (down.length > 0) throw new Error(`exited: ${down.map((s) => `${s.name}\n${s.log}`).join('\n')}`);
        return services.every((service) => /participant started/.test(service.log)) ? true : undefined;
      },
      { timeoutMs: 90_000, what: 'every participant to start' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${services.map((s) => `--- ${s.name}\n${s.log.slice(-2000)}`).join('\n')}`);
    });
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await infra?.dispose();
  });

  const kit = (options: Omit<ConformanceOptions, 'amqpUrl'>, only?: readonly string[]) =>
    runConformance({ amqpUrl: infra.rabbitmqUrl, ...options }, only);

  it.each([
    ['inventory', 'reserve-inventory', 'release-inventory'],
    ['payment', 'charge-payment', 'refund-payment'],
    ['shipping', 'create-shipment', 'cancel-shipment'],
  ])('passes the example participant %s', async (participant, command, compensation) => {
    const report = await kit({ participant, command, compensation, input: orderInput });
    expect(report.passed, explain(report)).toBe(true);
    expect(
      report.results.every((result) => result.status === 'pass'),
      explain(report),
    ).toBe(true);
    expect(report.results).toHaveLength(14);
  });

  it('the payment participant undoes a charge whose compensation arrived while the charge ran', async () => {
    const report = await kit(
      {
        participant: 'payment',
        command: 'charge-payment',
        compensation: 'refund-payment',
        input: orderInput,
        duringInput: { ...orderInput, orderId: 'slow-{{sagaId}}' },
        duringDelayMs: 500,
      },
      ['compensation-during-execute'],
    );
    expect(
      report.results.map((result) => result.status),
      explain(report),
    ).toEqual(['pass']);
    expect(report.results[0]?.detail).toMatch(
      /^execute succeeded, compensation compensated \(execute answered first; the compensation was sent \d+ ms before the execute answered\)$/,
    );
    const db = new pg.Pool({ connectionString: infra.databaseUrl, max: 1 });
    try {
      const { rows } = await db.query(`SELECT status FROM payment.charges WHERE order_id LIKE 'slow-%'`);
      expect(rows).toEqual([{ status: 'REFUNDED' }]);
    } finally {
      await db.end();
    }
  });

  it('passes the plain-amqplib participant of the guide, through the saga-conformance command, probe included', async () => {
    const { stdout } = await runKit([
      '--amqp-url',
      infra.rabbitmqUrl,
      '--participant',
      'loyalty',
      '--command',
      'award-points',
      '--compensation',
      'revoke-points',
      '--input',
      JSON.stringify(orderInput),
      '--probe',
      'conformance-probe',
      '--json',
    ]);
    const report = JSON.parse(stdout) as ConformanceReport;
    expect(report.passed, explain(report)).toBe(true);
    expect(
      report.results.filter((result) => result.status !== 'pass'),
      explain(report),
    ).toEqual([]);
    expect(report.results.find((result) => result.id === 'redelivered-command')?.detail).toContain('probe: 1 execution');
  });

  it('fails a participant without a fence: a redelivered command runs again', async () => {
    const report = await kit({ participant: 'broken-no-fence', command: 'award-points', compensation: 'revoke-points', input: orderInput });
    expect(report.passed).toBe(false);
    const statuses = statusOf(report);
    expect(statuses).toMatchObject({
      'execute-succeeds': 'pass',
      'reply-properties': 'pass',
      'redelivered-command': 'fail',
      'retried-attempt': 'fail',
      'execute-after-compensation': 'fail',
      'unknown-command': 'pass',
      'malformed-command': 'pass',
    });
    expect(report.results.find((result) => result.id === 'redelivered-command')?.detail).toMatch(/the handler ran again/);
  });

  it('fails a participant that refuses a compensation for a step it never executed, and exits non-zero', async () => {
    const run = runKit([
      '--amqp-url',
      infra.rabbitmqUrl,
      '--participant',
      'broken-refuses-unexecuted-compensation',
      '--command',
      'award-points',
      '--compensation',
      'revoke-points',
    ]);
    const failure = (await run.then(
      () => undefined,
      (error: unknown) => error,
    )) as { code?: number; stdout?: string } | undefined;
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(
      /FAIL\s+compensation-never-executed\s+compensate of a never-executed step answered error \(nothing-to-compensate/,
    );
    expect(failure?.stdout).toMatch(/PASS\s+redelivered-command/);
    expect(failure?.stdout).toMatch(/rules? failed/);
  });
});
