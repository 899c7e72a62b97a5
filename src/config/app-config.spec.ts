import { describe, expect, it } from 'vitest';
import { AppConfigSchema } from './app-config.schema.js';
import { loadAppConfig, parseAppConfigValues } from './app-config.js';
import { InvalidAppConfigError } from './invalid-app-config.error.js';

describe(loadAppConfig.name, () => {
  it('works on this machine with no environment at all', () => {
    const config = loadAppConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: 'postgres://postgres:postgres@localhost:5432/saga',
      rabbitmqUrls: ['amqp://guest:guest@localhost:5672'],
      httpBodyLimit: '256kb',
      initialDefinitionsFile: '',
    });
  });

  it('coerces numbers and flags from their string form, and treats empty variables as unset', () => {
    const config = loadAppConfig({ PORT: '3001', AUTH_DISABLED: 'yes', REPLY_PREFETCH: '', LOG_LEVEL: 'debug' });
    expect(config.port).toBe(3001);
    expect(config.authDisabled).toBe(true);
    expect(config.replyPrefetch).toBe(50);
    expect(config.logLevel).toBe('debug');
  });

  it('writes JSON logs unless LOG_FORMAT asks for pretty ones', () => {
    expect(loadAppConfig({}).logFormat).toBe('json');
    expect(loadAppConfig({ LOG_FORMAT: '' }).logFormat).toBe('json');
    expect(loadAppConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(() => loadAppConfig({ LOG_FORMAT: 'text' })).toThrow(/LOG_FORMAT/);
  });
});

describe('broker users', () => {
  it("reads the coordinator's user from RABBITMQ_URL (guest when it names none) and each participant's from PARTICIPANT_BROKER_USERS", () => {
    expect(loadAppConfig({}).coordinatorBrokerUser).toBe('guest');
    const config = loadAppConfig({
      RABBITMQ_URL: 'amqp://saga-coordinator:pw@broker/saga',
      PARTICIPANT_BROKER_USERS: 'inventory:inv,payment:svc.pay',
    });
    expect(config.coordinatorBrokerUser).toBe('saga-coordinator');
    expect([...config.participantBrokerUsers]).toEqual([
      ['inventory', 'inv'],
      ['payment', 'svc.pay'],
    ]);
    expect(loadAppConfig({}).participantBrokerUsers.size).toBe(0);
  });

  it('reads the nodes of a broker cluster from a comma-separated RABBITMQ_URL, all logging in as one user', () => {
    const config = loadAppConfig({ RABBITMQ_URL: 'amqp://saga:pw@mq-1:5672/saga, amqp://saga:pw@mq-2:5672/saga' });
    expect(config.rabbitmqUrls).toEqual(['amqp://saga:pw@mq-1:5672/saga', 'amqp://saga:pw@mq-2:5672/saga']);
    expect(config.coordinatorBrokerUser).toBe('saga');
    expect(() => loadAppConfig({ RABBITMQ_URL: 'amqp://saga:pw@mq-1/saga,amqp://other:pw@mq-2/saga' })).toThrow(/RABBITMQ_URL.*same user/s);
    expect(() => loadAppConfig({ RABBITMQ_URL: 'amqp://saga:pw@mq-1/saga,' })).toThrow(/RABBITMQ_URL/);
    expect(() => loadAppConfig({ RABBITMQ_URL: 'http://saga:pw@mq-1/saga' })).toThrow(/RABBITMQ_URL/);
  });

  it.each(['inventory', 'inventory:', 'Inventory:inv', 'inventory:inv,', 'inventory:inv,inventory:other'])(
    'refuses PARTICIPANT_BROKER_USERS=%s at start',
    (value) => {
      expect(() => loadAppConfig({ PARTICIPANT_BROKER_USERS: value })).toThrow(/PARTICIPANT_BROKER_USERS/);
    },
  );
});

describe(parseAppConfigValues.name, () => {
  it('names every bad variable in one error, without echoing the values', () => {
    const error = (() => {
      try {
        parseAppConfigValues({ PORT: '70000', DATABASE_URL: 'mysql://secret@db/x', HTTP_BODY_LIMIT: 'lots' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidAppConfigError);
    const { issues, message } = error as InvalidAppConfigError;
    expect(issues.map((i) => i.variable)).toEqual(['PORT', 'DATABASE_URL', 'HTTP_BODY_LIMIT']);
    expect(message).toContain('DATABASE_URL: expected a postgres:// URL');
    expect(message).not.toContain('secret');
  });
});

describe('AppConfigSchema', () => {
  it('describes every variable (the README configuration table is generated from it)', () => {
    for (const [name, schema] of Object.entries(AppConfigSchema.shape)) {
      expect(schema.description, name).toMatch(/\S/);
    }
  });
});
