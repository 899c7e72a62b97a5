#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConformanceDefaults, type ConformanceOptions } from './conformance-options.js';
import { CommandLineOptions } from './command-line-options.js';
import { ConformanceRules } from './conformance-rules.js';
import { formatReport, runConformance } from './run-conformance.js';

const usage = `Usage: saga-conformance --amqp-url <url> --participant <name> --command <execute command> --compensation <compensation command> [options]

Plays the saga coordinator against a running participant over RabbitMQ and reports each rule of
the wire protocol as pass or fail. Exit code 0: every rule passed; 1: a rule failed; 2: bad usage
or the broker is unreachable. Run it on a vhost where no coordinator consumes saga.replies.

Options:
  --amqp-url <url>            broker of the participant, e.g. amqp://guest:guest@localhost:5672/%2F
  --participant <name>        the participant's name (its queue is saga.participant.<name>)
  --command <name>            an execute command that succeeds for --input
  --compensation <name>       the compensation command that undoes it
  --input <json>              the saga input (payload.input); "{{sagaId}}" in any string becomes the saga id
  --during-input <json>       input of compensation-during-execute: one whose execute is slow (default --input)
  --during-delay-ms <n>       send that compensation this long after its execute (default 0)
  --outputs <json>            earlier steps' outputs (payload.outputs of an execute), default {}
  --probe <command>           optional probe command: replies { executions, compensations } for { sagaId, step }
  --max-message-bytes <n>     the participant's body limit (default ${ConformanceDefaults.maxMessageBytes})
  --timeout-ms <n>            wait for a reply or dead letter (default ${ConformanceDefaults.timeoutMs})
  --quiet-ms <n>              watch for replies that must not come (default ${ConformanceDefaults.quietMs})
  --rule <id>                 run only this rule (repeatable): ${ConformanceRules.map((rule) => rule.id).join(', ')}
  --json                      print the report as JSON
  --help`;

function fail(message: string): never {
  process.stderr.write(`saga-conformance: ${message}\n\n${usage}\n`);
  process.exit(2);
}

function json(name: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return fail(`--${name} is not JSON: ${text}`);
  }
}

function count(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) fail(`--${name} must be a positive integer, got ${text}`);
  return value;
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({ options: CommandLineOptions, strict: true }).values;
}
try {
  args = parse();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (args.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const required = ['amqp-url', 'participant', 'command', 'compensation'] as const;
for (const name of required) if (args[name] === undefined) fail(`--${name} is required`);
const unknownRules = (args.rule ?? []).filter((id) => !ConformanceRules.some((rule) => rule.id === id));
if (unknownRules.length > 0) fail(`unknown rule ${unknownRules.join(', ')}`);

const outputs = json('outputs', args.outputs);
const duringInput = json('during-input', args['during-input']);
const maxMessageBytes = count('max-message-bytes', args['max-message-bytes']);
const timeoutMs = count('timeout-ms', args['timeout-ms']);
const quietMs = count('quiet-ms', args['quiet-ms']);
const duringDelayMs = count('during-delay-ms', args['during-delay-ms']);
const options: ConformanceOptions = {
  amqpUrl: args['amqp-url'] as string,
  participant: args.participant as string,
  command: args.command as string,
  compensation: args.compensation as string,
  input: json('input', args.input) ?? {},
  ...(outputs !== undefined ? { outputs: outputs as Record<string, unknown> } : {}),
  ...(duringInput !== undefined ? { duringInput } : {}),
  ...(args.probe !== undefined ? { probeCommand: args.probe } : {}),
  ...(maxMessageBytes !== undefined ? { maxMessageBytes } : {}),
  ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  ...(quietMs !== undefined ? { quietMs } : {}),
  ...(duringDelayMs !== undefined ? { duringDelayMs } : {}),
};

try {
  const report = await runConformance(options, args.rule);
  process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  process.exit(report.passed ? 0 : 1);
} catch (error) {
  process.stderr.write(`saga-conformance: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
