/** Lower-case SQL identifiers only: a schema name is interpolated into DDL, so it must be inert. */
const identifierPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/** Whether `name` is safe to use unquoted-equivalent as a PostgreSQL identifier. */
export function isSafeSqlIdentifier(name: string): boolean {
  return identifierPattern.test(name);
}

/** Returns `"name"` after checking it; throws a RangeError naming the bad value otherwise. */
export function quoteSqlIdentifier(name: string): string {
  if (!isSafeSqlIdentifier(name)) {
    throw new RangeError(`Not a safe SQL identifier (expected ${identifierPattern.source}): ${JSON.stringify(name)}`);
  }
  return `"${name}"`;
}
