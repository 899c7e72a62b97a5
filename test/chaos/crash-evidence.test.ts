import { spawn } from 'node:child_process';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { lineExceedingStock } from '../../examples/order/src/inventory/inventory-rules.util.js';
import { isPaymentDeclined, orderTotalCents } from '../../examples/order/src/payment/payment-rules.util.js';
import { isDestinationServed } from '../../examples/order/src/shipping/shipping-rules.util.js';
import { CrashPoints } from '../../src/fault-injection/crash-point-name.js';
import { crashPointLine } from '../../src/fault-injection/crash-point.js';
import { ServiceProcess } from '../support/service-processes.js';
import { crashEvidence, onlyShippingRefuses } from './scenarios/crash-helpers.js';
import { planOrders } from './support/saga-driver.js';
import { seededRandom } from './support/seeded-random.util.js';

/** The crash-point verdict must agree with the process's own log: fast checks on throw-away node processes. */
const point = CrashPoints.replyAfterCommitBeforePublish;
const line = crashPointLine(point, 4);

function node(label: string, script: string): ServiceProcess {
  return new ServiceProcess(label, spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] }));
}

describe(crashEvidence.name, () => {
  it('sees a crash point that printed its line and killed the process', async () => {
    const service = node('crashes', `require('node:fs').writeSync(2, ${JSON.stringify(`${line}\n`)}); process.kill(process.pid, 'SIGKILL');`);
    const crash = await crashEvidence(service, point, 4, 10_000);
    expect(crash).toEqual({ fired: true, evidence: expect.stringMatching(/signal SIGKILL \(code none\) \d+ ms into the wait; printed ".*": yes$/) });
  });

  it('says so when the process was gone before the wait began', async () => {
    const service = node('crashed-earlier', `require('node:fs').writeSync(2, ${JSON.stringify(`${line}\n`)}); process.kill(process.pid, 'SIGKILL');`);
    await service.exited();
    const crash = await crashEvidence(service, point, 4, 10_000);
    expect(crash.fired).toBe(true);
    expect(crash.evidence).toMatch(/before the wait began; printed/);
  });

  it('reads the log to the end of the pipe, not only up to the exit', async () => {
    // The process dies at once; a grandchild holding its stderr writes the line 300 ms later.
    const late = `setTimeout(() => process.stderr.write(${JSON.stringify(`${line}\n`)}), 300)`;
    const service = node(
      'writes-after-exit',
      `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(late)}], { stdio: ['ignore', 'ignore', 'inherit'] }); process.kill(process.pid, 'SIGKILL');`,
    );
    const crash = await crashEvidence(service, point, 4, 10_000);
    expect(crash.evidence).toMatch(/: yes$/);
    expect(crash.fired).toBe(true);
  });

  it('kills a process that did not reach the point by the deadline, so that it cannot reach it later', async () => {
    const service = node(
      'never-crashes',
      `setTimeout(() => { require('node:fs').writeSync(2, ${JSON.stringify(`${line}\n`)}); process.kill(process.pid, 'SIGKILL'); }, 3_000);`,
    );
    const crash = await crashEvidence(service, point, 4, 300);
    expect(crash).toEqual({
      fired: false,
      evidence: `never-crashes still running after 300 ms: crash point ${point} hit 4 never reached (killed by the harness)`,
    });
    expect(service.running).toBe(false);
    expect(service.log).not.toContain(line);
  });

  it('does not count a process that died by another signal', async () => {
    const service = node('exits', `require('node:fs').writeSync(2, ${JSON.stringify(`${line}\n`)}); process.exit(3);`);
    const crash = await crashEvidence(service, point, 4, 10_000);
    expect(crash.fired).toBe(false);
    expect(crash.evidence).toMatch(/signal none \(code 3\)/);
  });
});

describe(onlyShippingRefuses.name, () => {
  // Fault 6 counts on this chain: any planned first order, whatever its kind, must become one that
  // inventory and payment accept and shipping refuses (reserve, charge, refuse, refund, release).
  test.prop([fc.nat(), fc.constantFrom('6', '6-no-outbox')])('makes every planned order one that only shipping refuses', (seed, scenario) => {
    const [first] = planOrders(4, seededRandom(seed), scenario);
    const lone = onlyShippingRefuses(first!);
    expect(lone.orderId).toBe(first!.orderId);
    expect(lone.input.orderId).toBe(first!.orderId);
    expect(lone.kind).toBe('shipping-refuses');
    expect(lineExceedingStock(lone.input.items)).toBeUndefined();
    expect(isPaymentDeclined(orderTotalCents(lone.input.items))).toBe(false);
    expect(isDestinationServed(lone.input.shippingAddress.country)).toBe(false);
  });
});
