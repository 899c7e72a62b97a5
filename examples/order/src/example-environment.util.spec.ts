import { describe, expect, it } from 'vitest';
import { readExampleEnvironment } from './example-environment.util.js';

describe(readExampleEnvironment.name, () => {
  it('logs JSON unless LOG_FORMAT asks for pretty lines, like the coordinator', () => {
    expect(readExampleEnvironment({}).logFormat).toBe('json');
    expect(readExampleEnvironment({ LOG_FORMAT: '' }).logFormat).toBe('json');
    expect(readExampleEnvironment({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(readExampleEnvironment({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  it('refuses any other LOG_FORMAT, naming it', () => {
    expect(() => readExampleEnvironment({ LOG_FORMAT: 'text' })).toThrow('LOG_FORMAT must be json or pretty, got "text"');
  });
});
