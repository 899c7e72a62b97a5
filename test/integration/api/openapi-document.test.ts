import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestApp, type ApiTestApp } from './api-test-app.js';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

describe('OpenAPI document at /docs-json', () => {
  let t: ApiTestApp;
  let document: { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    t = await createApiTestApp();
    document = (await request(t.app.getHttpServer()).get('/docs-json').expect(200)).body;
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('is a valid OpenAPI document', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('carries the title and the package version', () => {
    expect(document.info).toMatchObject({ title: 'saga-coordinator', version: '0.1.0' });
  });

  it('documents every endpoint of the API', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual([
      'DELETE /v1/participants/{name}',
      'DELETE /v1/webhooks/{id}',
      'GET /v1/audit',
      'GET /v1/bulk-operations',
      'GET /v1/bulk-operations/{id}',
      'GET /v1/bulk-operations/{id}/items',
      'GET /v1/definitions',
      'GET /v1/definitions/schema',
      'GET /v1/definitions/{name}',
      'GET /v1/definitions/{name}/versions',
      'GET /v1/definitions/{name}/versions/{version}',
      'GET /v1/participants',
      'GET /v1/sagas',
      'GET /v1/sagas/counts',
      'GET /v1/sagas/stream',
      'GET /v1/sagas/{id}',
      'GET /v1/sagas/{id}/events',
      'GET /v1/webhooks',
      'GET /v1/webhooks/{id}',
      'GET /v1/webhooks/{id}/deliveries',
      'POST /v1/bulk-operations',
      'POST /v1/bulk-operations/{id}/cancel',
      'POST /v1/definitions',
      'POST /v1/definitions/validate',
      'POST /v1/sagas',
      'POST /v1/sagas/{id}/cancel',
      'POST /v1/sagas/{id}/retry',
      'POST /v1/sagas/{id}/signals/{signal}',
      'POST /v1/sagas/{id}/steps/{step}/resolve',
      'POST /v1/webhooks',
      'POST /v1/webhooks/{id}/enable',
    ]);
  });

  it('gives every operation a success schema and its errors as problem+json', () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const statuses = Object.keys(operation.responses);
        const where = `${method} ${path}`;
        expect(
          statuses.some((status) => status.startsWith('2')),
          where,
        ).toBe(true);
        expect(statuses, where).toContain('500');
        for (const status of statuses.filter((s) => Number(s) >= 400)) {
          expect(operation.responses[status]?.content?.['application/problem+json']?.schema?.$ref, `${where} ${status}`).toBe(
            '#/components/schemas/ProblemDetails',
          );
        }
      }
    }
  });

  it('documents the start endpoint’s answers: 202, 200 on replay, 409, 413, 415, 422', () => {
    expect(Object.keys(document.paths['/v1/sagas']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '202', '400', '409', '413', '415', '422', '503']),
    );
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await request(t.app.getHttpServer()).get('/docs/');
    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger');
  });
});
