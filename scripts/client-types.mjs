#!/usr/bin/env node
/**
 * Generates the client package's types from the OpenAPI document with openapi-typescript, so
 * packages/client/src/generated/openapi.ts cannot drift from the API:
 *
 *   npm run client:types     exports the document (npm run openapi:export), then writes the file
 *
 * test/integration/contracts/client-types.test.ts renders the document the same way and fails
 * when the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import prettier from 'prettier';

export const ClientTypesPath = fileURLToPath(new URL('../packages/client/src/generated/openapi.ts', import.meta.url));
export const RegenerateClientTypesCommand = 'npm run client:types';

/**
 * The TypeScript of an OpenAPI document, formatted as the repository formats its code. Objects
 * without properties become `Record<string, unknown>` (a saga input, a JSON Schema), not `never`.
 */
export async function renderClientTypes(document) {
  const source = COMMENT_HEADER + astToString(await openapiTS(structuredClone(document), { emptyObjectsUnknown: true }));
  return prettier.format(source, { ...(await prettier.resolveConfig(ClientTypesPath)), filepath: ClientTypesPath });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const documentPath = process.argv[2] ?? 'dist/openapi.json';
  writeFileSync(ClientTypesPath, await renderClientTypes(JSON.parse(readFileSync(documentPath, 'utf8'))));
  console.log(`${ClientTypesPath} written from ${documentPath}`);
}
