import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookTargetPolicy } from '../orchestration/webhooks/webhook-target.rule.js';
import { MaxResponseBytes, sendWebhook, type ResolveHost } from './webhook-http.sender.js';

const loopbackAllowed: WebhookTargetPolicy = { allowedHosts: [], allowPrivateNetworks: true, allowHttp: true };
const servers: Server[] = [];

async function serve(listener: RequestListener): Promise<number> {
  const server = createServer(listener);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}

function post(url: string, policy = loopbackAllowed, timeoutMs = 2_000, resolveHost?: ResolveHost) {
  return sendWebhook({ url, headers: { 'webhook-id': 'msg_1' }, body: '{"a":1}' }, policy, timeoutMs, resolveHost);
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe(sendWebhook.name, () => {
  it('POSTs the body as JSON with the given headers; a 2xx succeeds', async () => {
    let seen: { method?: string; type?: string; id?: string; body: string } = { body: '' };
    const port = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen = { method: request.method, type: request.headers['content-type'], id: request.headers['webhook-id'] as string, body };
        response.writeHead(202).end('thanks');
      });
    });
    expect(await post(`http://127.0.0.1:${port}/hook`)).toEqual({ succeeded: true, statusCode: 202, error: null, responseBody: 'thanks' });
    expect(seen).toEqual({ method: 'POST', type: 'application/json', id: 'msg_1', body: '{"a":1}' });
  });

  it('does not follow a redirect: a 3xx is a failure', async () => {
    let followed = false;
    const port = await serve((request, response) => {
      if (request.url === '/elsewhere') followed = true;
      response.writeHead(302, { location: '/elsewhere' }).end();
    });
    expect(await post(`http://127.0.0.1:${port}/hook`)).toMatchObject({
      succeeded: false,
      statusCode: 302,
      error: 'redirect not followed (HTTP 302)',
    });
    expect(followed).toBe(false);
  });

  it('fails a receiver that does not answer in time, and one that refuses the connection', async () => {
    const port = await serve(() => undefined);
    expect(await post(`http://127.0.0.1:${port}/hook`, loopbackAllowed, 200)).toMatchObject({
      succeeded: false,
      statusCode: null,
      error: 'timed out after 200 ms',
    });
    const closed = await serve(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    expect(await post(`http://127.0.0.1:${closed}/hook`)).toMatchObject({ succeeded: false, statusCode: null, error: 'connection refused' });
  });

  it('reads at most 4 KB of the answer', async () => {
    const port = await serve((_request, response) => {
      response.writeHead(500);
      response.end('x'.repeat(1_000_000));
    });
    const answer = await post(`http://127.0.0.1:${port}/hook`);
    expect(answer).toMatchObject({ succeeded: false, statusCode: 500, error: 'HTTP 500' });
    expect(answer.responseBody).toHaveLength(MaxResponseBytes);
  });

  it('refuses a public-looking host whose name resolves to loopback at delivery time (DNS rebinding) before connecting', async () => {
    let connected = false;
    const port = await serve((_request, response) => {
      connected = true;
      response.writeHead(200).end();
    });
    const rebinding: ResolveHost = (_hostname, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]);
    const publicOnly = { ...loopbackAllowed, allowPrivateNetworks: false };
    const answer = await post(`http://hooks.example.com:${port}/hook`, publicOnly, 2_000, rebinding);
    expect(answer).toMatchObject({ succeeded: false, statusCode: null });
    expect(answer.error).toContain('resolves to 127.0.0.1, not a public address');
    expect(connected).toBe(false);
    // The same DNS answer is fine where private networks are allowed.
    expect(await post(`http://hooks.example.com:${port}/hook`, loopbackAllowed, 2_000, rebinding)).toMatchObject({ succeeded: true });
  });

  it('checks the target policy again at delivery (configuration may have changed since the subscription)', async () => {
    expect(await post('http://127.0.0.1:9/hook', { ...loopbackAllowed, allowHttp: false })).toMatchObject({
      succeeded: false,
      error: expect.stringContaining('target refused'),
    });
  });
});
