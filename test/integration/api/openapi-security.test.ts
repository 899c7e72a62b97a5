import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllApiKeyScopes } from '../../../src/orchestration/auth/api-key-scope.js';
import { createApiTestApp, type ApiTestApp } from './api-test-app.js';

interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<string, { headers?: Record<string, unknown> }>;
}
interface Document {
  components: { securitySchemes?: Record<string, { type: string; scheme?: string; in?: string; name?: string }> };
  paths: Record<string, Record<string, Operation>>;
}

describe('OpenAPI security declarations', () => {
  let t: ApiTestApp;
  let document: Document;

  beforeAll(async () => {
    t = await createApiTestApp();
    document = (await request(t.app.getHttpServer()).get('/docs-json').expect(200)).body as Document;
  });
  afterAll(async () => {
    await t.app.close();
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ where: `${method.toUpperCase()} ${path}`, operation })),
    );

  it('declares the bearer and X-API-Key schemes', () => {
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      'api-key': { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    });
  });

  it('requires exactly one known scope on every operation, through either scheme', () => {
    for (const { where, operation } of operations()) {
      const scopes = (operation.security ?? []).flatMap((requirement) => Object.values(requirement).flat());
      expect(
        operation.security?.map((requirement) => Object.keys(requirement)[0]),
        where,
      ).toEqual(['bearer', 'api-key']);
      expect(new Set(scopes).size, where).toBe(1);
      expect(AllApiKeyScopes, where).toContain(scopes[0]);
    }
  });

  it('documents 401 with WWW-Authenticate, 403, and 429 with Retry-After on every operation', () => {
    for (const { where, operation } of operations()) {
      expect(operation.responses['401']?.headers, where).toHaveProperty('WWW-Authenticate');
      expect(operation.responses, where).toHaveProperty('403');
      expect(operation.responses['429']?.headers, where).toHaveProperty('Retry-After');
    }
  });

  it('asks the operator scope for operator actions, participant removal and the audit log, and the start scope for starting', () => {
    const scopeOf = (where: string) => operations().find((o) => o.where === where)?.operation.security?.[0]?.['bearer']?.[0];
    expect(scopeOf('POST /v1/sagas')).toBe('sagas:start');
    expect(scopeOf('GET /v1/sagas')).toBe('sagas:read');
    expect(scopeOf('POST /v1/sagas/{id}/cancel')).toBe('sagas:operate');
    expect(scopeOf('GET /v1/audit')).toBe('sagas:operate');
    expect(scopeOf('GET /v1/participants')).toBe('sagas:read');
    expect(scopeOf('DELETE /v1/participants/{name}')).toBe('sagas:operate');
  });
});
