/*
 * Runs in the browser as well as in Node (see diagram-layout.ts). Pure.
 */

/** One difference between two JSON values, at a JSON Pointer-like path (`/steps/charge-payment/timeoutMs`). */
export interface JsonChange {
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A list whose items all have a unique string `name`: compared by name, not by position. */
function namedItems(value: unknown): Map<string, unknown> | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const byName = new Map<string, unknown>();
  for (const item of value) {
    if (!isObject(item) || typeof item['name'] !== 'string' || byName.has(item['name'])) return null;
    byName.set(item['name'], item);
  }
  return byName;
}

function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Every difference between `before` and `after`, deepest first where they differ. Lists of named
 * items (steps, branches) are matched by name so that inserting a step reports one added step,
 * not every later step as changed; a named item's moves are reported as a change of `/order`.
 * Empty exactly when the two are deeply equal.
 */
export function diffJson(before: unknown, after: unknown, path = ''): JsonChange[] {
  if (Object.is(before, after)) return [];
  const namedBefore = namedItems(before);
  const namedAfter = namedItems(after);
  if (namedBefore && namedAfter) {
    const changes: JsonChange[] = [];
    for (const [name, item] of namedBefore) {
      if (!namedAfter.has(name)) changes.push({ path: `${path}/${escapeToken(name)}`, kind: 'removed', before: item });
      else changes.push(...diffJson(item, namedAfter.get(name), `${path}/${escapeToken(name)}`));
    }
    for (const [name, item] of namedAfter)
      if (!namedBefore.has(name)) changes.push({ path: `${path}/${escapeToken(name)}`, kind: 'added', after: item });
    const orderBefore = [...namedBefore.keys()].filter((name) => namedAfter.has(name));
    const orderAfter = [...namedAfter.keys()].filter((name) => namedBefore.has(name));
    if (orderBefore.join('\u0000') !== orderAfter.join('\u0000'))
      changes.push({ path: `${path}/order`, kind: 'changed', before: orderBefore, after: orderAfter });
    return changes;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: JsonChange[] = [];
    const length = Math.max(before.length, after.length);
    for (let index = 0; index < length; index++) {
      const at = `${path}/${index}`;
      if (index >= after.length) changes.push({ path: at, kind: 'removed', before: before[index] });
      else if (index >= before.length) changes.push({ path: at, kind: 'added', after: after[index] });
      else changes.push(...diffJson(before[index], after[index], at));
    }
    return changes;
  }
  if (isObject(before) && isObject(after)) {
    const changes: JsonChange[] = [];
    for (const key of Object.keys(before)) {
      const at = `${path}/${escapeToken(key)}`;
      if (!Object.hasOwn(after, key)) changes.push({ path: at, kind: 'removed', before: before[key] });
      else changes.push(...diffJson(before[key], after[key], at));
    }
    for (const key of Object.keys(after))
      if (!Object.hasOwn(before, key)) changes.push({ path: `${path}/${escapeToken(key)}`, kind: 'added', after: after[key] });
    return changes;
  }
  return [{ path: path === '' ? '/' : path, kind: 'changed', before, after }];
}

/**
 * The differences between two stored versions of a definition (as `GET /v1/definitions/{name}/versions`
 * answers them), ignoring what always differs: the version number and when it was registered.
 */
export function diffDefinitions(before: Record<string, unknown>, after: Record<string, unknown>): JsonChange[] {
  const { version: _beforeVersion, createdAt: _beforeCreatedAt, ...restBefore } = before;
  const { version: _afterVersion, createdAt: _afterCreatedAt, ...restAfter } = after;
  return diffJson(restBefore, restAfter);
}
