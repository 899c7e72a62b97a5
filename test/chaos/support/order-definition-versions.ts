import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

type StepJson = Record<string, unknown> & { name: string };

/**
 * Registers the example order definition (examples/order/order.definition.json) again with
 * `patch` applied to every step, and answers its version: the latest + 1, or the registered one
 * when the patched body is identical to it. New sagas start on it.
 */
export async function registerOrderVersion(baseUrl: string, patch: (step: StepJson) => StepJson): Promise<number> {
  const definition = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../examples/order/order.definition.json'), 'utf8')) as {
    version?: number;
    steps: StepJson[];
  };
  delete definition.version;
  definition.steps = definition.steps.map(patch);
  const response = await fetch(`${baseUrl}/v1/definitions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(definition),
  });
  const body = (await response.json()) as { version?: number };
  if ((response.status !== 201 && response.status !== 200) || typeof body.version !== 'number') {
    throw new Error(`registering a version of the order definition: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  return body.version;
}

/** A `registerOrderVersion` patch: every step (and its compensation) times out after `timeoutMs`. */
export function stepTimeout(timeoutMs: number): (step: StepJson) => StepJson {
  return (step) => ({ ...step, timeoutMs });
}

/** A `registerOrderVersion` patch: the charge step (and its refund) times out after `timeoutMs`. */
export function chargeTimeout(timeoutMs: number): (step: StepJson) => StepJson {
  return (step) => (step.name === 'charge-payment' ? { ...step, timeoutMs } : step);
}
