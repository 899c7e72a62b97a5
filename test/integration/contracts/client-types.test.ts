import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../src/api/openapi/openapi-document.js';
import { OpenApiExportModule } from '../../../src/api/openapi/openapi-export.module.js';
import type { components, ProblemTypeUri } from '@saga-coordinator/client';
import { ProblemTypes } from '../../../src/api/problem/problem-types.js';
import { ClientTypesPath, RegenerateClientTypesCommand, renderClientTypes } from '../../../scripts/client-types.mjs';

/** The document as `npm run openapi:export` writes it (no database, no broker), rendered as `npm run client:types` renders it. */
async function generateClientTypes(): Promise<string> {
  const app = await NestFactory.create(OpenApiExportModule, { logger: false, abortOnError: false });
  try {
    return await renderClientTypes(JSON.parse(JSON.stringify(buildOpenApiDocument(app))) as object);
  } finally {
    await app.close();
  }
}

describe('the client package types', () => {
  it('are what openapi-typescript generates from the current OpenAPI document (else: npm run client:types)', async () => {
    const committed = readFileSync(ClientTypesPath, 'utf8');
    expect(
      committed === (await generateClientTypes()),
      `packages/client/src/generated/openapi.ts is stale: run ${RegenerateClientTypesCommand}`,
    ).toBe(true);
  }, 60_000);

  it('carry every problem type URI as a union member, and only those', () => {
    const uris: Record<ProblemTypeUri, true> = Object.fromEntries(
      [...Object.keys(ProblemTypes).map((type) => `urn:saga-coordinator:problem:${type}`), 'about:blank'].map((uri) => [uri, true]),
    ) as Record<ProblemTypeUri, true>;
    // A type-level check too: a URI the API does not document is not a ProblemTypeUri.
    // @ts-expect-error -- not a documented problem type
    const unknown: ProblemTypeUri = 'urn:saga-coordinator:problem:no-such-problem';
    expect(Object.keys(uris).sort()).not.toContain(unknown);
    expect(Object.keys(uris)).toHaveLength(Object.keys(ProblemTypes).length + 1);
  });

  it('type the definition body from the definition language: a node is a union of the node shapes', () => {
    type Node = components['schemas']['DefinitionNode'];
    const step: Node = { name: 'reserve', participant: 'inventory', command: 'reserve-inventory', compensation: 'release-inventory' };
    const wait: Node = { type: 'wait', name: 'approval', signal: 'approved', timeoutMs: 60_000 };
    // @ts-expect-error -- a wait node needs its signal
    const broken: Node = { type: 'wait', name: 'approval' };
    expect([step, wait, broken].map((node) => node.name)).toEqual(['reserve', 'approval', 'approval']);
  });
});
