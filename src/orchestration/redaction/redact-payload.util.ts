/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * A compiled redaction rule: a single key (`cardNumber`) matches that key at any depth; a dotted
 * path (`customer.email`, `items.*.token`) matches from the payload's root, `*` standing for any
 * one key or array index.
 */
export type RedactionRule = { readonly anyDepthKey: string } | { readonly path: readonly string[] };

/** `PAYLOAD_REDACT_PATHS` entries to rules. */
export function compileRedactionRules(entries: readonly string[]): RedactionRule[] {
  return entries
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => (entry.includes('.') ? { path: entry.split('.') } : { anyDepthKey: entry }));
}

function pathMatches(rulePath: readonly string[], at: readonly string[]): boolean {
  return rulePath.length === at.length && rulePath.every((segment, index) => segment === '*' || segment === at[index]);
}

function isRedacted(rules: readonly RedactionRule[], key: string, at: readonly string[]): boolean {
  return rules.some((rule) => ('anyDepthKey' in rule ? rule.anyDepthKey === key : pathMatches(rule.path, at)));
}

/**
 * A copy of `payload` with every value a rule matches replaced by `[REDACTED]`; the input is not
 * changed. Keys stay visible (an operator sees *that* a card number was sent, not which).
 */
export function redactPayload(payload: unknown, rules: readonly RedactionRule[]): unknown {
  if (rules.length === 0) return payload;
  const walk = (value: unknown, at: string[]): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...at, String(index)]));
    if (value === null || typeof value !== 'object') return value;
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...at, key];
      // defineProperty: a key named __proto__ stays an own data property.
      Object.defineProperty(copy, key, {
        value: isRedacted(rules, key, childPath) ? REDACTED : walk(child, childPath),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  };
  return walk(payload, []);
}
