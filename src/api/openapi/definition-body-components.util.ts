type JsonNode = unknown;
type JsonObject = Record<string, JsonNode>;

const DEFS_REF_PREFIX = '#/$defs/';
const COMPONENT_REF_PREFIX = '#/components/schemas/';

function isRecord(value: JsonNode): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `sequence` → `DefinitionSequence`: the component name of a `$defs` entry. */
export function definitionComponentName(def: string): string {
  return `Definition${def.charAt(0).toUpperCase()}${def.slice(1)}`;
}

/** The `then` branches of an `allOf` made only of `if`/`then` pairs (the node's "type selects the shape"), else undefined. */
function conditionalBranches(allOf: JsonNode): JsonNode[] | undefined {
  if (!Array.isArray(allOf) || allOf.length === 0) return undefined;
  if (!allOf.every((entry) => isRecord(entry) && 'if' in entry && 'then' in entry && Object.keys(entry).length === 2)) return undefined;
  return allOf.map((entry) => (entry as JsonObject)['then']);
}

/**
 * One JSON Schema 2020-12 node as OpenAPI 3.0 can say it: `$defs` refs point at components,
 * `const` becomes a one-value `enum`, and the node's `allOf` of `if type = x then shape x`
 * becomes a `oneOf` of the shapes (a union in generated types; the server still validates with
 * the full schema, so nothing is lost at the boundary).
 */
function toOpenApi(node: JsonNode): JsonNode {
  if (Array.isArray(node)) return node.map(toOpenApi);
  if (!isRecord(node)) return node;
  const converted: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === '$id' || key === '$defs') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith(DEFS_REF_PREFIX)) {
      converted['$ref'] = COMPONENT_REF_PREFIX + definitionComponentName(value.slice(DEFS_REF_PREFIX.length));
    } else if (key === 'const') {
      converted['enum'] = [value];
    } else if (key === 'allOf' && conditionalBranches(value) !== undefined) {
      converted['oneOf'] = conditionalBranches(value)!.map(toOpenApi);
    } else {
      converted[key] = toOpenApi(value);
    }
  }
  // OpenAPI 3.0 ignores siblings of $ref: keep only the reference (the description lives on the target).
  if (typeof converted['$ref'] === 'string' && Object.keys(converted).length > 1) return { $ref: converted['$ref'] };
  return converted;
}

/**
 * The definition language's JSON Schema (docs/definition.schema.json) as OpenAPI components:
 * `DefinitionBody` (the root, keeping `extra`, e.g. the example) and one `Definition<Def>` per
 * `$defs` entry, so the request body of POST /v1/definitions is typed rather than any object.
 */
export function definitionBodyComponents(schema: JsonObject, extra: JsonObject = {}): Record<string, JsonNode> {
  const defs = isRecord(schema['$defs']) ? schema['$defs'] : {};
  const components: Record<string, JsonNode> = { DefinitionBody: { ...(toOpenApi(schema) as JsonObject), ...extra } };
  for (const [name, def] of Object.entries(defs)) components[definitionComponentName(name)] = toOpenApi(def);
  return components;
}
