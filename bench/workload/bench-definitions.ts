/**
 * A definition in the coordinator's JSON form (ARCHITECTURE §2). Written as plain data rather
 * than with the builder so the bench depends only on the wire format of definitions.
 */
export interface BenchDefinition {
  readonly name: string;
  readonly version: number;
  readonly description: string;
  readonly inputSchema: Readonly<Record<string, unknown>>;
  readonly steps: readonly BenchStep[];
}

/** One compensatable step of a bench definition. */
export interface BenchStep {
  readonly type: 'step';
  readonly name: string;
  readonly participant: string;
  readonly command: string;
  readonly compensation: string;
  readonly kind: 'compensatable';
  readonly timeoutMs: number;
  readonly retry: typeof retry;
  readonly compensationRetry: typeof retry;
}

/** The bench participants: step `i` (1-based) runs on `bench-p{(i-1) % 3}`. */
export const BenchParticipantNames = ['bench-p0', 'bench-p1', 'bench-p2'] as const;

/** The participant that owns step `index` (1-based). */
export function participantOfStep(index: number): string {
  return BenchParticipantNames[(index - 1) % BenchParticipantNames.length]!;
}

/** Command and compensation names of step `index`. */
export function stepCommand(index: number): { step: string; command: string; compensation: string } {
  const n = String(index).padStart(2, '0');
  return { step: `s${n}`, command: `do-${n}`, compensation: `undo-${n}` };
}

/** Participant that is never started: commands to it wait in its queue (parked sagas). */
export const ParkedParticipant = 'bench-parked';

/**
 * Saga input of every bench definition. `failAt` (1-based step index) makes that step refuse
 * with a business failure, so the steps before it compensate in reverse.
 */
const benchInputSchema = {
  type: 'object',
  properties: { n: { type: 'integer' }, failAt: { type: 'integer', minimum: 1 } },
  required: ['n'],
  additionalProperties: false,
} as const;

const retry = { maxAttempts: 3, initialDelayMs: 200, backoffCoefficient: 2, maxDelayMs: 2_000, jitter: 0.2 };

function step(name: string, participant: string, command: string, compensation: string, timeoutMs: number): BenchStep {
  return { type: 'step', name, participant, command, compensation, kind: 'compensatable', timeoutMs, retry, compensationRetry: retry };
}

/** `bench-<steps>`: a straight line of compensatable steps with trivial handlers. */
export function benchDefinition(steps: number): BenchDefinition {
  const nodes = Array.from({ length: steps }, (_, k) => {
    const { step: name, command, compensation } = stepCommand(k + 1);
    return step(name, participantOfStep(k + 1), command, compensation, 30_000);
  });
  return {
    name: `bench-${steps}`,
    version: 1,
    description: `Bench: ${steps} trivial compensatable steps.`,
    inputSchema: benchInputSchema,
    steps: nodes,
  };
}

/** `bench-park`: one step on a participant that never answers, with a one-hour timeout. */
export function parkDefinition(): BenchDefinition {
  const wait = step('wait', ParkedParticipant, 'never', 'never-undo', 3_600_000);
  return {
    name: 'bench-park',
    version: 1,
    description: 'Bench: sagas parked on a step that never answers.',
    inputSchema: benchInputSchema,
    steps: [wait],
  };
}

/** Step counts the bench runs. */
export const BenchStepCounts = [3, 10, 30] as const;

/** Every definition the bench registers. */
export function allBenchDefinitions(): BenchDefinition[] {
  return [...BenchStepCounts.map(benchDefinition), parkDefinition()];
}
