import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { buildOpenApiDocument } from './openapi-document.js';
import { OpenApiExportModule } from './openapi-export.module.js';

/**
 * Writes the OpenAPI document to a file without starting the service (no database, no broker):
 * `node dist/src/api/openapi/export-openapi.main.js [dist/openapi.json]`, then `npx redocly lint`.
 */
async function exportOpenApi(target: string): Promise<void> {
  const app = await NestFactory.create(OpenApiExportModule, { logger: ['error'], abortOnError: false });
  try {
    const document = buildOpenApiDocument(app);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, JSON.stringify(document, null, 2) + '\n');
    console.log(`OpenAPI document written to ${target}`);
  } finally {
    await app.close();
  }
}

await exportOpenApi(resolve(process.argv[2] ?? 'dist/openapi.json'));
