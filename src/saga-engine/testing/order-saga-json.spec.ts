import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { definitionFromJson, definitionToJson } from '../definition/definition-json.js';
import { orderSagaDefinition } from './order-saga.fixture.js';

const orderJsonFile = new URL('../../../examples/order/order.definition.json', import.meta.url);

describe('order.definition.json', () => {
  it('is what the TypeScript builder builds, in JSON form (UPDATE_GENERATED=1 rewrites it)', () => {
    const text = `${JSON.stringify(definitionToJson(orderSagaDefinition), null, 2)}\n`;
    if (process.env['UPDATE_GENERATED'] === '1') writeFileSync(orderJsonFile, text);
    const json = JSON.parse(readFileSync(orderJsonFile, 'utf8')) as Record<string, unknown>;
    expect(definitionFromJson(json, 1)).toEqual(orderSagaDefinition);
  });

  it('turns the builder output into JSON and back unchanged', () => {
    expect(definitionFromJson(definitionToJson(orderSagaDefinition), orderSagaDefinition.version)).toEqual(orderSagaDefinition);
  });
});
