import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CommandLineOptions, ConformanceDefaults, ConformanceRules } from '@saga-coordinator/conformance';
import { MessageHeaders, MessageTypes, PROTOCOL_VERSION, Topology } from '@saga-coordinator/contracts';
import { DeadLetterReasons, ParticipantDefaults } from '@saga-coordinator/participant';
import { describe, expect, it } from 'vitest';
import { MaxInboundMessageBytes } from '../../../src/messaging/inbound/parse-inbound-message.js';
import { DefaultCompensationRetryPolicy, DefaultRetryPolicy, DefaultStepTimeoutMs } from '../../../src/saga-engine/definition/saga-definition.js';
import { IgnoreReasons } from '../../../src/saga-engine/ignore-reason.js';
import { StepLogTypes } from '../../../src/saga-engine/step-log-type.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const guide = readFileSync(resolve(repoRoot, 'docs/participants.md'), 'utf8');
const plainParticipantPath = 'examples/plain-amqplib/loyalty-participant.mjs';

/** The rows of the markdown table that follows `heading` (up to the first blank line), as cells. */
function tableAfter(heading: string): string[][] {
  const start = guide.indexOf(heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const lines = guide.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows.slice(2);
}

const codeCell = (cell: string | undefined) => (cell ?? '').replace(/`/g, '').split(',')[0]!.trim();

/**
 * docs/participants.md is the participant contract: this test fails when it drifts from the code
 * it describes (names, defaults, every step-log type and ignore reason, every dead-letter code,
 * the conformance rules) or when its sample is not the file that the e2e tests run.
 */
describe('docs/participants.md', () => {
  it('includes the plain-amqplib participant verbatim (the file test/e2e runs with the coordinator and the conformance kit)', () => {
    const source = readFileSync(resolve(repoRoot, plainParticipantPath), 'utf8');
    const marker = `<!-- the block below is ${plainParticipantPath}: participant-guide.test.ts checks they are equal -->\n`;
    const at = guide.indexOf(marker);
    expect(at, 'the marker before the sample').toBeGreaterThanOrEqual(0);
    const block = /^```js\n([\s\S]*?)^```$/m.exec(guide.slice(at + marker.length));
    expect(block?.[1], `the sample differs from ${plainParticipantPath}: copy the file into the guide`).toBe(source);
  });

  it('names every step-log type with its data, and every ReplyIgnored reason', () => {
    const documented = tableAfter('| type | `step`, `attempt` | `data` |').map((row) =>
      row[0]!.split(',').map((cell) => cell.replace(/`/g, '').trim()),
    );
    expect(documented.flat().sort()).toEqual(Object.values(StepLogTypes).sort());
    const reasons = tableAfter('| `why` | the reply or timer… |').map((row) => codeCell(row[0]));
    expect(reasons.sort()).toEqual(Object.values(IgnoreReasons).sort());
  });

  it('lists every dead-letter code of the SDK', () => {
    const causes = tableAfter('| where | cause | reason |')
      .filter((row) => row[0]?.startsWith('participant'))
      .map((row) => codeCell(row[2]));
    expect(causes.sort()).toEqual(Object.values(DeadLetterReasons).sort());
    expect(guide).toContain(`over ${MaxInboundMessageBytes} bytes`);
  });

  it('states the retry and timeout defaults the engine applies', () => {
    const [execute, compensation] = tableAfter('| policy | `maxAttempts` (the first included) |');
    const values = (policy: typeof DefaultRetryPolicy) =>
      [policy.maxAttempts, policy.initialDelayMs, policy.backoffCoefficient, policy.maxDelayMs, policy.jitter].map(String);
    expect(execute?.slice(1)).toEqual(values(DefaultRetryPolicy));
    expect(compensation?.slice(1)).toEqual(values(DefaultCompensationRetryPolicy));
    const timeouts = tableAfter('| timeout | applies to | default | on expiry |');
    expect(timeouts[0]?.[2]).toContain(`${DefaultStepTimeoutMs} ms`);
    expect(timeouts[1]?.[2]).toBe("the step's `timeoutMs`");
    expect(guide).toContain(`every ${ParticipantDefaults.announceIntervalMs} ms`);
    expect(guide).toContain(`\`x-delivery-limit: ${Topology.deliveryLimit}\``);
  });

  it('uses the topology, message types and headers of the contracts', () => {
    for (const name of [Topology.commandsExchange, Topology.repliesExchange, Topology.deadLetterExchange, Topology.coordinatorExchange]) {
      expect(guide).toContain(`\`${name}\``);
    }
    for (const type of [MessageTypes.executeStep, MessageTypes.compensateStep, MessageTypes.stepReplied, MessageTypes.participantAnnounced]) {
      expect(guide).toContain(`\`${type}\``);
    }
    for (const header of Object.values(MessageHeaders)) expect(guide).toContain(`\`${header}\``);
    expect(guide).toContain(`\`${MessageHeaders.protocolVersion}\` (integer, \`${PROTOCOL_VERSION}\`)`);
  });

  it('describes every rule of the conformance kit and its defaults', () => {
    const rules = tableAfter('| rule | what the kit sends | passes when |').map((row) => codeCell(row[0]));
    expect(rules).toEqual(ConformanceRules.map((rule) => rule.id));
    expect(guide).toContain(`--max-message-bytes\` (default ${ConformanceDefaults.maxMessageBytes})`);
  });

  it('shows saga-conformance command lines that use only options the command has, the required ones included', () => {
    const documents = ['README.md', 'docs/participants.md', 'packages/conformance/README.md'];
    const lines = documents.flatMap((file) =>
      [...readFileSync(resolve(repoRoot, file), 'utf8').matchAll(/^```bash\n([\s\S]*?)^```$/gm)]
        .map((block) => block[1]!.replace(/\\\n\s*/g, ' '))
        .flatMap((block) => block.split('\n'))
        .filter((line) => line.includes('npx saga-conformance'))
        .map((line) => ({ file, line })),
    );
    expect(lines.map(({ file }) => file).sort()).toEqual([...documents].sort());
    const known = Object.keys(CommandLineOptions);
    for (const { file, line } of lines) {
      const used = [...line.matchAll(/ --([a-z-]+)/g)].map((match) => match[1]!);
      expect(
        used.filter((option) => !known.includes(option)),
        `${file}: ${line}`,
      ).toEqual([]);
      expect(used, `${file}: ${line}`).toEqual(expect.arrayContaining(['amqp-url', 'participant', 'command', 'compensation']));
    }
    const usage = readFileSync(resolve(repoRoot, 'packages/conformance/src/cli.ts'), 'utf8');
    for (const option of known) expect(usage, `--help explains --${option}`).toMatch(new RegExp(`^  --${option}\\b`, 'm'));
  });
});
