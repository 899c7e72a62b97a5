import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { DefinitionJsonSchema } from '../../orchestration/definitions/definition-language.js';
import { addApiKeySecurity } from '../auth/openapi-security.util.js';
import { problemDetailsOpenApiSchema } from '../problem/problem-details.schema.js';
import { definitionBodyComponents, definitionComponentName } from './definition-body-components.util.js';
import { addTypeToNullableRefs } from './nullable-ref-type.util.js';
import { packageVersion } from './package-version.util.js';

/** Where Swagger UI and the JSON document are served. */
export const DOCS_PATH = 'docs';
export const DOCS_JSON_PATH = '/docs-json';

/** The OpenAPI 3 document of the app's controllers, with the shared `ProblemDetails` schema. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('saga-coordinator')
    .setDescription(
      'Runs distributed sagas step by step through RabbitMQ, with a durable step log in PostgreSQL and ' +
        'reverse-order compensations. Every error is RFC 9457 application/problem+json.',
    )
    .setVersion(packageVersion())
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'This server')
    .addTag('sagas', 'Start sagas and follow them')
    .addTag('definitions', 'Registered saga definitions')
    .addTag('participants', 'Participant services that announced themselves')
    .addTag('audit', 'Who did what: one entry per mutating call')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  const schemas = document.components?.schemas ?? {};
  document.components = {
    ...document.components,
    schemas: { ...schemas, ...typedDefinitionSchemas(schemas), ProblemDetails: problemDetailsOpenApiSchema() },
  };
  addTypeToNullableRefs(document, document.components.schemas ?? {});
  addApiKeySecurity(document);
  return document;
}

/**
 * The definition body typed from the definition language's schema (a typed client then sees the
 * node union instead of any object), and the stored definition's `steps` as that flow.
 */
function typedDefinitionSchemas(schemas: Record<string, unknown>): Record<string, unknown> {
  const { description, example } = (schemas['DefinitionBody'] ?? {}) as { description?: string; example?: unknown };
  const components = definitionBodyComponents(DefinitionJsonSchema, { description, example });
  const stored = schemas['Definition'] as { properties?: Record<string, Record<string, unknown>> } | undefined;
  const steps = stored?.properties?.['steps'];
  if (stored?.properties && steps) {
    stored.properties['steps'] = { ...steps, type: 'array', items: { $ref: `#/components/schemas/${definitionComponentName('node')}` } };
  }
  return components;
}

/** Serves Swagger UI at `/docs` and the document at `/docs-json`. */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: DOCS_JSON_PATH, raw: ['json'] });
  return document;
}
