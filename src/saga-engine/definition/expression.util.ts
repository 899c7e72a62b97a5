import { MAX_COMMAND_PAYLOAD_BYTES } from '@saga-coordinator/contracts';
import jsonLogic from 'json-logic-js';
import { MappingResultTooLargeError } from '../errors/mapping-result-too-large.error.js';
import { jsonByteLengthWithin } from './json-size.util.js';
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

/**
 * Evaluates each field of a mapping, stopping as soon as the result (as JSON) would pass
 * `MAX_COMMAND_PAYLOAD_BYTES`: what a mapping builds becomes a command, a child's input or the
 * saga's output, and a participant refuses a larger message anyway.
 * @throws MappingResultTooLargeError naming the field that crossed the limit; whatever a field throws
 */
export function evaluateMapping(mapping: Mapping, data: ExpressionData): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  let bytes = 2; // {}
  for (const [field, expression] of Object.entries(mapping)) {
    let value: unknown;
    try {
      value = evaluateExpression(expression, data) ?? null;
    } catch (error) {
      throw error instanceof MappingResultTooLargeError ? error.inField(field) : error;
    }
    const room = MAX_COMMAND_PAYLOAD_BYTES - bytes - (bytes > 2 ? 1 : 0);
    const fieldBytes = jsonByteLengthWithin({ [field]: value }, room + 2);
    if (fieldBytes === undefined) {
      throw new MappingResultTooLargeError(MAX_COMMAND_PAYLOAD_BYTES, 'the mapping result would be larger', field);
    }
    bytes += fieldBytes - 2 + (bytes > 2 ? 1 : 0);
    result[field] = value;
  }
  return result;
}

/**
 * JSON Logic's `cat` (arguments joined, null as empty), refusing before it joins a string longer
 * than a command payload may be: `cat` of 99 copies of a 100 KB input would otherwise build
 * 9.9 MB in one call. Measuring a non-string argument is itself bounded (jsonByteLengthWithin).
 */
function boundedCat(...parts: unknown[]): string {
  const limit = MAX_COMMAND_PAYLOAD_BYTES;
  let length = 0;
  const texts: string[] = [];
  for (const part of parts) {
    if (part !== null && part !== undefined && typeof part === 'object' && jsonByteLengthWithin(part, 8 * (limit - length)) === undefined) {
      throw new MappingResultTooLargeError(limit, `"cat" would build more than ${limit} characters`);
    }
    const text = [part].join(''); // exactly what json-logic's join makes of it (null as empty)
    length += text.length;
    if (length > limit) {
      const total = parts.reduce<number>((sum, each) => sum + (typeof each === 'string' ? each.length : 0), 0);
      throw new MappingResultTooLargeError(limit, `"cat" would build ${Math.max(total, length)} characters`);
    }
    texts.push(text);
  }
  return texts.join('');
}
jsonLogic.add_operation('cat', boundedCat);

/**
 * JSON Logic's `merge` (arrays flattened one level, other values appended) built in one pass
 * (json-logic-js copies the growing array for every argument: quadratic), refusing as soon as a
 * lower bound of the result's JSON passes `limit` bytes: 99 references to a 1,000-element list
 * stop after the elements that fill a command payload, not after building and measuring 99,000.
 */
export function mergeWithin(parts: readonly unknown[], limit: number): unknown[] {
  const merged: unknown[] = [];
  let atLeast = 2; // []
  const append = (element: unknown): void => {
    atLeast += minimumJsonBytes(element) + (merged.length > 0 ? 1 : 0);
    if (atLeast > limit) throw new MappingResultTooLargeError(limit, `"merge" would build at least ${atLeast} bytes of JSON`);
    merged.push(element);
  };
  for (const part of parts) {
    if (Array.isArray(part)) for (const element of part as unknown[]) append(element);
    else append(part);
  }
  return merged;
}

/** A lower bound of the JSON bytes of `value`, in constant time (a string's UTF-16 units take a byte each at least). */
function minimumJsonBytes(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number') return 1;
  if (typeof value === 'boolean') return 4;
  if (value !== null && typeof value === 'object') return 2;
  return 4; // null, and what JSON writes as null in a list
}

const boundedMerge = (...parts: unknown[]): unknown[] => mergeWithin(parts, MAX_COMMAND_PAYLOAD_BYTES);
jsonLogic.add_operation('merge', boundedMerge);

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
