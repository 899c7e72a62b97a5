import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWebhookSecret } from '../../../src/orchestration/webhooks/webhook-secret.codec.js';
import { signedHeaders } from '../../../src/webhooks/webhook-delivery-worker.service.js';
import { freePort } from '../../support/service-processes.js';
import { eventually } from '../../support/test-infrastructure.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const guide = readFileSync(join(repoRoot, 'docs/webhooks.md'), 'utf8');
const marker = '<!-- webhooks-guide.test.ts runs the block below';

/** The guide's receiver sample, run as it is written, against deliveries signed the way the coordinator signs them. */
describe('docs/webhooks.md receiver sample', () => {
  const secret = generateWebhookSecret();
  let receiver: ChildProcess;
  let url: string;
  let output = '';
  let directory: string | undefined;

  function deliver(headers: Record<string, string>, body: string): Promise<Response> {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  }

  const payload = JSON.stringify({
    type: 'saga.completed',
    timestamp: '2026-12-07T07:00:00.000Z',
    data: { sagaId: '6b0d7f8e-4c5a-4f2b-9a51-0c2d3e4f5a6b', definition: 'order', status: 'COMPLETED', event: 'completed' },
  });

  beforeAll(async () => {
    const at = guide.indexOf(marker);
    expect(at, 'the marker before the sample').toBeGreaterThanOrEqual(0);
    const sample = /^```js\n([\s\S]*?)^```$/m.exec(guide.slice(at))?.[1];
    expect(sample, 'a js block after the marker').toBeDefined();
    // Inside the repository, so that `standardwebhooks` resolves as in a project that installed it.
    directory = mkdtempSync(join(repoRoot, 'node_modules/.webhook-sample-'));
    writeFileSync(join(directory, 'receiver.mjs'), sample!);
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    receiver = spawn(process.execPath, [join(directory, 'receiver.mjs')], { env: { ...process.env, WEBHOOK_SECRET: secret, PORT: String(port) } });
    receiver.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    receiver.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(async () => ((await fetch(url).catch(() => undefined)) ? true : undefined), { what: 'the sample receiver' });
  });

  afterAll(() => {
    receiver?.kill();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('accepts a delivery signed as the coordinator signs it, and handles a retry of it once', async () => {
    const headers = signedHeaders('0f9c2a4e-1111-4222-8333-944455556666', secret, new Date(), payload);
    expect((await deliver(headers, payload)).status).toBe(204);
    expect((await deliver(signedHeaders(headers['webhook-id']!, secret, new Date(), payload), payload)).status).toBe(204);
    await eventually(() => (output.includes('saga.completed: saga 6b0d7f8e') ? true : undefined), { what: 'the sample to log the event' });
    expect(output.match(/saga\.completed/g)).toHaveLength(1);
  });

  it('refuses a wrong secret, a tampered body and a replayed old timestamp', async () => {
    const wrongSecret = signedHeaders('a-id', generateWebhookSecret(), new Date(), payload);
    expect((await deliver(wrongSecret, payload)).status).toBe(400);
    const genuine = signedHeaders('b-id', secret, new Date(), payload);
    expect((await deliver(genuine, payload.replace('COMPLETED', 'COMPENSATED'))).status).toBe(400);
    const tenMinutesAgo = signedHeaders('c-id', secret, new Date(Date.now() - 10 * 60_000), payload);
    const replay = await deliver(tenMinutesAgo, payload);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toMatch(/too old/i);
  });
});
