/** One environment variable that failed validation. */
export interface ConfigIssue {
  readonly variable: string;
  readonly message: string;
}

/** The environment does not describe a runnable coordinator; the process must not start. */
export class InvalidAppConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`Invalid configuration (environment variables):\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'InvalidAppConfigError';
  }
}
