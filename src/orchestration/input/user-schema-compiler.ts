import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { RE2JS } from 're2js';
import type { DefinitionProblem } from '../../saga-engine/definition/definition-problem.js';
import { pointerOf } from '../../saga-engine/definition/definition-problem.js';

// ajv-formats is CommonJS: under nodenext the plugin is the module itself or its `default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/**
 * The regular-expression engine for JSON Schemas that users write (`pattern`,
 * `patternProperties`): RE2 (re2js, pure JS), whose matching time is linear in the input,
 * instead of the native backtracking engine, on which `^(a+)+$` against 27 characters blocks the
 * event loop for seconds. ECMAScript spellings RE2 also knows (named groups, \u escapes) are
 * translated; what RE2 cannot run in linear time (backreferences, lookaround) does not compile.
 */
export const re2RegExp = Object.assign((pattern: string): RE2JS => RE2JS.compile(RE2JS.translateRegExp(pattern)), {
  code: 're2js RE2JS.compile',
});

/** A strict draft 2020-12 compiler with formats, matching patterns with RE2: for every schema a user supplies. */
export function userSchemaAjv(): Ajv2020 {
  return addFormats(new Ajv2020({ allErrors: true, strict: true, code: { regExp: re2RegExp } }));
}

/** Keywords whose values are data, not schemas: a `pattern` key inside them is not a regular expression. */
const DATA_KEYWORDS: ReadonlySet<string> = new Set(['const', 'enum', 'default', 'examples']);

/**
 * Every `pattern` and `patternProperties` key of a user schema that RE2 cannot compile, with the
 * pointer of that keyword (under `at`) and RE2's reason: refused at registration, so a schema
 * never fails (or falls back to a backtracking engine) later.
 */
export function unsafePatternProblems(schema: unknown, at: readonly (string | number)[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const check = (pattern: string, path: readonly (string | number)[]): void => {
    try {
      re2RegExp(pattern);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push({
        pointer: pointerOf(...path),
        message: `The pattern ${JSON.stringify(pattern)} cannot be matched in linear time (RE2: ${reason}); backreferences and lookaround are not supported.`,
      });
    }
  };
  const visit = (value: unknown, path: readonly (string | number)[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (DATA_KEYWORDS.has(key)) continue;
      if (key === 'pattern' && typeof child === 'string') check(child, [...path, key]);
      else if (key === 'patternProperties' && child !== null && typeof child === 'object' && !Array.isArray(child)) {
        for (const [pattern, subschema] of Object.entries(child as Record<string, unknown>)) {
          check(pattern, [...path, key, pattern]);
          visit(subschema, [...path, key, pattern]);
        }
      } else visit(child, [...path, key]);
    }
  };
  visit(schema, at);
  return problems;
}
