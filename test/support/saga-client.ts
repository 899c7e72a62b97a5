import { eventually } from './test-infrastructure.js';

/** A tiny typed client of the coordinator's REST API, for e2e and chaos tests. */
export class SagaClient {
  constructor(readonly baseUrl: string) {}

  async start(input: unknown, options: { idempotencyKey?: string; definition?: string } = {}) {
    const response = await fetch(`${this.baseUrl}/v1/sagas`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
      },
      body: JSON.stringify({ definition: options.definition ?? 'order', input }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  }

  async get(id: string) {
    const response = await fetch(`${this.baseUrl}/v1/sagas/${id}`);
    return { status: response.status, body: (await response.json()) as any };
  }

  async events(id: string) {
    const response = await fetch(`${this.baseUrl}/v1/sagas/${id}/events`);
    return (await response.json()) as Array<{ seq: number; type: string; step: string | null; attempt: number | null; at: string; data: any }>;
  }

  async json(path: string) {
    const response = await fetch(`${this.baseUrl}${path}`);
    return { status: response.status, body: (await response.json()) as any };
  }

  /** Waits until the saga reaches one of `statuses` and returns it. */
  async waitFor(id: string, statuses: string[], timeoutMs = 30_000) {
    return eventually(
      async () => {
        const { body } = await this.get(id);
        return statuses.includes(body.status) ? body : undefined;
      },
      { timeoutMs, intervalMs: 100, what: `saga ${id} to reach ${statuses.join('|')}` },
    );
  }
}
