/**
 * The definition language's JSON Schema (`GET /v1/definitions/schema`, docs/definition.schema.json),
 * re-exported from the engine for the API.
 */
export { DefinitionJsonSchema } from '../../saga-engine/definition/definition-json-schema.js';
