/** How the process traces, read from the standard OpenTelemetry environment plus `OTEL_ENABLED`. */
export interface TracingSettings {
  readonly enabled: boolean;
  readonly serviceName: string;
}

/**
 * Tracing is on when asked for explicitly (`OTEL_ENABLED=true`) or implied by exporter settings
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_TRACES_EXPORTER`
 * other than `none`), and never when `OTEL_ENABLED=false` or `OTEL_SDK_DISABLED=true`.
 */
export function tracingSettings(env: Readonly<Record<string, string | undefined>>, defaultServiceName: string): TracingSettings {
  const flag = env.OTEL_ENABLED?.trim().toLowerCase();
  const disabled = flag === 'false' || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
  const exporterConfigured =
    Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT) ||
    Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ||
    (env.OTEL_TRACES_EXPORTER !== undefined && env.OTEL_TRACES_EXPORTER.trim() !== '' && env.OTEL_TRACES_EXPORTER.trim() !== 'none');
  return {
    enabled: !disabled && (flag === 'true' || exporterConfigured),
    serviceName: env.OTEL_SERVICE_NAME?.trim() || defaultServiceName,
  };
}

/** The settings of this process, from its environment (the only place they are read). */
export function tracingSettingsFromEnvironment(defaultServiceName: string): TracingSettings {
  return tracingSettings(process.env, defaultServiceName);
}
