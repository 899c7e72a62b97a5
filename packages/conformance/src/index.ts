/**
 * The conformance kit of the saga-coordinator wire protocol: plays the coordinator's side over
 * RabbitMQ against a running participant (written in any language) and reports each protocol
 * rule as pass or fail. The `saga-conformance` command wraps `runConformance`.
 *
 * @packageDocumentation
 */
export { CommandLineOptions } from './command-line-options.js';
export { ConformanceDefaults, type ConformanceOptions } from './conformance-options.js';
export { ConformanceRules, ConformanceStep, type ConformanceRule, type RuleVerdict } from './conformance-rules.js';
export { formatReport, runConformance, type ConformanceReport, type RuleResult } from './run-conformance.js';
