import { type ConformanceOptions, resolveOptions } from './conformance-options.js';
import { ConformanceRules, type ConformanceRule, RuleKit, RuleViolation } from './conformance-rules.js';
import { CoordinatorDouble } from './coordinator-double.js';

/** One rule's result. */
export interface RuleResult {
  readonly id: string;
  readonly title: string;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly detail: string;
  readonly durationMs: number;
}

/** The whole run: `passed` is false when any rule failed. */
export interface ConformanceReport {
  readonly participant: string;
  readonly passed: boolean;
  readonly results: readonly RuleResult[];
}

/**
 * Plays the coordinator against a running participant and checks every rule in turn (or the
 * ones named in `only`). Each rule uses sagas of its own, so one failure does not spill into
 * the next. Rejects only when the broker cannot be reached.
 */
export async function runConformance(options: ConformanceOptions, only?: readonly string[]): Promise<ConformanceReport> {
  const resolved = resolveOptions(options);
  const rules = only === undefined ? ConformanceRules : ConformanceRules.filter((rule) => only.includes(rule.id));
  const double = await CoordinatorDouble.connect(resolved.amqpUrl);
  const results: RuleResult[] = [];
  try {
    const kit = new RuleKit(double, resolved);
    for (const rule of rules) results.push(await runRule(rule, kit));
  } finally {
    await double.close();
  }
  return { participant: resolved.participant, passed: results.every((result) => result.status !== 'fail'), results };
}

async function runRule(rule: ConformanceRule, kit: RuleKit): Promise<RuleResult> {
  const started = Date.now();
  try {
    const verdict = await rule.run(kit);
    return { id: rule.id, title: rule.title, ...verdict, durationMs: Date.now() - started };
  } catch (error) {
    const detail =
      error instanceof RuleViolation ? error.message : `the kit could not run the rule: ${error instanceof Error ? error.message : String(error)}`;
    return { id: rule.id, title: rule.title, status: 'fail', detail, durationMs: Date.now() - started };
  }
}

/** The report as a plain-text table: one line per rule, then the verdict. */
export function formatReport(report: ConformanceReport): string {
  const width = Math.max(...report.results.map((result) => result.id.length), 4);
  const lines = [`saga-conformance: participant ${report.participant}`, ''];
  lines.push(`${'RESULT'.padEnd(6)}  ${'RULE'.padEnd(width)}  DETAIL`);
  for (const result of report.results) {
    lines.push(`${result.status.toUpperCase().padEnd(6)}  ${result.id.padEnd(width)}  ${result.detail}`);
  }
  const failed = report.results.filter((result) => result.status === 'fail').length;
  lines.push('', report.passed ? `all ${report.results.length} rules passed` : `${failed} of ${report.results.length} rules failed`);
  return lines.join('\n');
}
