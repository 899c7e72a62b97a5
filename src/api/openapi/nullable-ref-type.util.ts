type JsonNode = unknown;

const COMPONENT_REF_PREFIX = '#/components/schemas/';

function isRecord(value: JsonNode): value is Record<string, JsonNode> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `type` of the component a `{ allOf: [{ $ref }] }` wrapper points at, if it has one. */
function referencedType(schema: Record<string, JsonNode>, components: Record<string, JsonNode>): JsonNode {
  const allOf: readonly JsonNode[] = Array.isArray(schema.allOf) ? (schema.allOf as JsonNode[]) : [];
  const [first] = allOf;
  const ref = isRecord(first) ? first.$ref : undefined;
  if (typeof ref !== 'string' || !ref.startsWith(COMPONENT_REF_PREFIX)) return undefined;
  const target = components[ref.slice(COMPONENT_REF_PREFIX.length)];
  return isRecord(target) ? target.type : undefined;
}

/**
 * OpenAPI 3.0 ignores `nullable` without a sibling `type`; zod emits `{ nullable, allOf: [$ref] }`
 * for a nullable named schema. Copies the referenced component's `type` next to `nullable`, in
 * place, so `null` is really allowed (and `redocly lint`'s nullable-type-sibling holds).
 */
export function addTypeToNullableRefs(node: JsonNode, components: Record<string, JsonNode>): void {
  if (Array.isArray(node)) {
    node.forEach((child) => addTypeToNullableRefs(child, components));
    return;
  }
  if (!isRecord(node)) return;
  if (node.nullable === true && node.type === undefined) {
    const type = referencedType(node, components);
    if (type !== undefined) node.type = type;
  }
  Object.values(node).forEach((child) => addTypeToNullableRefs(child, components));
}
