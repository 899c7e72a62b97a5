import { Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import type { SagaView, StepLogEntryView } from '../views/saga.view.js';
import { compileRedactionRules, redactPayload, type RedactionRule } from './redact-payload.util.js';

/**
 * Hides the payload values named by `PAYLOAD_REDACT_PATHS` in what the API shows of a saga: its
 * input and output, each step's output and each step-log entry's data. The stored saga keeps
 * them (compensations need them); only the views are redacted.
 */
@Injectable()
export class PayloadRedactionService {
  private readonly rules: readonly RedactionRule[];

  constructor(@Optional() config?: AppConfig) {
    this.rules = compileRedactionRules(config?.payloadRedactPaths ?? []);
  }

  saga(view: SagaView): SagaView {
    if (this.rules.length === 0) return view;
    return {
      ...view,
      input: redactPayload(view.input, this.rules),
      output: redactPayload(view.output, this.rules),
      steps: view.steps.map((step) => ({ ...step, output: redactPayload(step.output, this.rules) })),
    };
  }

  /** Each top-level field of an entry's data (`output`, `payload`, …) is a payload root of its own. */
  logEntry(entry: StepLogEntryView): StepLogEntryView {
    if (this.rules.length === 0 || entry.data === null) return entry;
    const data = Object.fromEntries(Object.entries(entry.data).map(([key, value]) => [key, redactPayload(value, this.rules)]));
    return { ...entry, data };
  }
}
