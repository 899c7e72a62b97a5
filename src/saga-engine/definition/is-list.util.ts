/**
 * `Array.isArray` that keeps the element type. The built-in guard narrows to `any[]`, so a
 * definition read from JSON (whose `steps` may be anything at run time) would lose its types
 * after the check: `isList(node.branches)` keeps `readonly BranchDefinition[]`, and an `unknown`
 * value becomes `readonly unknown[]`.
 */
export function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}
