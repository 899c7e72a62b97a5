import { describe, expect, it } from 'vitest';
import { tracingSettings } from './tracing-settings.js';

describe(tracingSettings.name, () => {
  it('is off by default', () => {
    expect(tracingSettings({}, 'saga-coordinator')).toEqual({ enabled: false, serviceName: 'saga-coordinator' });
  });

  it('is on when asked for or when an exporter is configured', () => {
    expect(tracingSettings({ OTEL_ENABLED: 'true' }, 's').enabled).toBe(true);
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 's').enabled).toBe(true);
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'console' }, 's').enabled).toBe(true);
  });

  it('stays off when the exporter is none or tracing is switched off explicitly', () => {
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'none' }, 's').enabled).toBe(false);
    expect(tracingSettings({ OTEL_ENABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 's').enabled).toBe(false);
    expect(tracingSettings({ OTEL_ENABLED: 'true', OTEL_SDK_DISABLED: 'true' }, 's').enabled).toBe(false);
  });

  it('names the service after OTEL_SERVICE_NAME when given', () => {
    expect(tracingSettings({ OTEL_SERVICE_NAME: 'payments' }, 'saga-coordinator').serviceName).toBe('payments');
  });
});
