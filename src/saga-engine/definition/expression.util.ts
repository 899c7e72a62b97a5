import jsonLogic from 'json-logic-js';
import type { DefinitionProblem } from './definition-problem.js';
import { DefinitionLimits, pointerOf } from './definition-problem.js';
import type { Expression, Mapping } from './saga-definition.js';
import { isList } from './is-list.util.js';

/**
 * The JSON Logic operators a definition may use. Left out on purpose: `method` (calls methods
 * on values: a way around "no eval"), and `map`/`filter`/`reduce`/`all`/`some`/`none` (their
 * `var` is relative to an element, which would defeat the static check of references).
 */
export const MappingOperators = [
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  '==',
  '===',
  '!=',
  '!==',
  '!',
  '!!',
  'or',
  'and',
  '>',
  '>=',
  '<',
  '<=',
  'max',
  'min',
  '+',
  '-',
  '*',
  '/',
  '%',
  'in',
  'cat',
  'substr',
  'merge',
] as const;

const operators: ReadonlySet<string> = new Set(MappingOperators);
const forbiddenSegments: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** What an expression sees: the saga input and the outputs of earlier nodes, by node name. */
export interface ExpressionData {
  readonly input: unknown;
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** Which node names an expression may read (`outputs.<name>`), and which exist at all. */
export interface ReferenceScope {
  readonly before: ReadonlySet<string>;
  readonly known: ReadonlySet<string>;
}

/**
 * Evaluates a validated expression. Synchronous and pure (json-logic-js interprets JSON data,
 * no code generation), so `decide` stays deterministic. @throws on an expression that fails.
 */
export function evaluateExpression(expression: Expression, data: ExpressionData): unknown {
  return jsonLogic.apply(expression as jsonLogic.RulesLogic, data);
}

/** Evaluates each field of a mapping. @throws when any field fails. */
export function evaluateMapping(mapping: Mapping, data: ExpressionData): Record<string, unknown> {
  return Object.fromEntries(Object.entries(mapping).map(([field, expression]) => [field, evaluateExpression(expression, data) ?? null]));
}

/** JSON Logic truthiness (`[]` is false, `"0"` is true). */
export function isTruthy(value: unknown): boolean {
  return jsonLogic.truthy(value);
}

/** Problems of a mapping: an object of at most `maxExpressionSize` fields, each a valid expression. */
export function mappingProblems(mapping: unknown, at: readonly (string | number)[], scope: ReferenceScope): DefinitionProblem[] {
  if (mapping === null || typeof mapping !== 'object' || isList(mapping)) {
    return [{ pointer: pointerOf(...at), message: 'A mapping must be an object of field names to expressions.' }];
  }
  const fields = Object.entries(mapping);
  if (fields.length > DefinitionLimits.maxExpressionSize) {
    return [{ pointer: pointerOf(...at), message: `A mapping has at most ${DefinitionLimits.maxExpressionSize} fields, got ${fields.length}.` }];
  }
  return fields.flatMap(([field, expression]) => expressionProblems(expression, [...at, field], scope));
}

/**
 * Problems of one expression: only allowed operators, a literal `var` path starting with
 * `input` or `outputs.<node>` where the node runs before this one, no prototype keys, bounded size.
 */
export function expressionProblems(expression: unknown, at: readonly (string | number)[], scope: ReferenceScope): DefinitionProblem[] {
  if (expressionSize(expression) > DefinitionLimits.maxExpressionSize) {
    return [{ pointer: pointerOf(...at), message: `An expression has at most ${DefinitionLimits.maxExpressionSize} parts.` }];
  }
  const problems: DefinitionProblem[] = [];
  const visit = (value: unknown, path: readonly (string | number)[]): void => {
    if (isList(value)) {
      value.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const keys = Object.keys(value);
    const [operator] = keys;
    if (keys.length !== 1 || operator === undefined) {
      problems.push({ pointer: pointerOf(...path), message: 'An object in an expression must have exactly one key: its operator.' });
      return;
    }
    const argument = (value as Record<string, unknown>)[operator];
    if (!operators.has(operator)) {
      problems.push({
        pointer: pointerOf(...path, operator),
        message: `Unknown or forbidden operator "${operator}"; allowed: ${MappingOperators.join(', ')}.`,
      });
      return;
    }
    if (operator === 'var') {
      const problem = varProblem(argument, scope);
      if (problem !== undefined) problems.push({ pointer: pointerOf(...path, 'var'), message: problem });
      return;
    }
    visit(argument, [...path, operator]);
  };
  visit(expression, at);
  return problems;
}

function varProblem(argument: unknown, scope: ReferenceScope): string | undefined {
  const path = isList(argument) ? argument[0] : argument;
  const fallback = isList(argument) ? argument[1] : undefined;
  if (typeof path !== 'string' || (isList(argument) && argument.length > 2) || (fallback !== null && typeof fallback === 'object')) {
    return 'A "var" takes a literal path string (optionally [path, default] with a plain default).';
  }
  const segments = path.split('.');
  if (segments.some((segment) => forbiddenSegments.has(segment))) return `The path "${path}" uses a forbidden key.`;
  const [root, name] = segments;
  if (root === 'input') return undefined;
  if (root !== 'outputs' || name === undefined || name === '') {
    return `The path "${path}" must start with "input" or "outputs.<node name>".`;
  }
  if (!scope.known.has(name)) return `The path "${path}" refers to "${name}", which is not a node of this saga.`;
  if (!scope.before.has(name))
    return `The path "${path}" refers to "${name}", which does not finish before this point (it runs later or in a parallel branch).`;
  return undefined;
}

function expressionSize(value: unknown): number {
  if (isList(value)) return 1 + value.reduce((sum: number, item) => sum + expressionSize(item), 0);
  if (value !== null && typeof value === 'object') return 1 + Object.values(value).reduce((sum: number, item) => sum + expressionSize(item), 0);
  return 1;
}
