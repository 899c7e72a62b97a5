/** The options of the `saga-conformance` command (node:util parseArgs); `--help` prints what each means. */
export const CommandLineOptions = {
  'amqp-url': { type: 'string' },
  participant: { type: 'string' },
  command: { type: 'string' },
  compensation: { type: 'string' },
  input: { type: 'string' },
  'during-input': { type: 'string' },
  'during-delay-ms': { type: 'string' },
  outputs: { type: 'string' },
  probe: { type: 'string' },
  'max-message-bytes': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'quiet-ms': { type: 'string' },
  rule: { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;
