import { describe, expect, it } from 'vitest';
import { loadAppConfig } from './app-config.js';
import { loggerParams, PrettyLogOptions, PrettyLogsUnavailableError } from './logger-params.js';

const installed = (id: string): string => `/node_modules/${id}/index.js`;
const missing = (id: string): string => {
  throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
};

describe(loggerParams.name, () => {
  it('writes JSON lines by default, with no transport', () => {
    const params = loggerParams(loadAppConfig({}), undefined, installed);
    expect(params.pinoHttp).not.toHaveProperty('transport');
  });

  it('writes through pino-pretty with the shared options for LOG_FORMAT=pretty', () => {
    const params = loggerParams(loadAppConfig({ LOG_FORMAT: 'pretty' }), undefined, installed);
    expect(params.pinoHttp).toMatchObject({ transport: { target: 'pino-pretty', options: PrettyLogOptions } });
  });

  it('refuses LOG_FORMAT=pretty at once where pino-pretty is not installed, saying what to do', () => {
    expect(() => loggerParams(loadAppConfig({ LOG_FORMAT: 'pretty' }), undefined, missing)).toThrow(PrettyLogsUnavailableError);
    expect(() => loggerParams(loadAppConfig({ LOG_FORMAT: 'pretty' }), undefined, missing)).toThrow(/install it, or set LOG_FORMAT=json/);
    expect(() => loggerParams(loadAppConfig({}), undefined, missing)).not.toThrow();
  });

  it('finds pino-pretty in this repository (a development dependency)', () => {
    expect(() => loggerParams(loadAppConfig({ LOG_FORMAT: 'pretty' }))).not.toThrow();
  });
});
