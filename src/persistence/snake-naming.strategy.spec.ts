import { describe, expect, it } from 'vitest';
import { SnakeNamingStrategy, toSnakeCase } from './snake-naming.strategy.js';

describe(toSnakeCase.name, () => {
  it('turns camelCase and PascalCase into snake_case', () => {
    expect(toSnakeCase('definitionVersion')).toBe('definition_version');
    expect(toSnakeCase('SagaEventEntity')).toBe('saga_event_entity');
    expect(toSnakeCase('lastSeq')).toBe('last_seq');
    expect(toSnakeCase('HTTPStatus')).toBe('http_status');
  });
});

describe(SnakeNamingStrategy.name, () => {
  const sut = new SnakeNamingStrategy();

  it('keeps explicit names and snake-cases derived ones', () => {
    expect(sut.tableName('SagaTimer', undefined)).toBe('saga_timer');
    expect(sut.tableName('SagaTimer', 'saga_timer')).toBe('saga_timer');
    expect(sut.columnName('leasedUntil', undefined, [])).toBe('leased_until');
    expect(sut.columnName('x', 'custom', [])).toBe('custom');
  });
});
