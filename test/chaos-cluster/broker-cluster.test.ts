import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareChaosBuild, type ChaosBuild } from '../chaos/support/chaos-build.js';
import { collectVersions } from '../chaos/support/reliability-report.js';
import { invariantsViolated, runScenario, type ScenarioResult } from '../chaos/support/scenario-runner.js';
import { chaosSagaCount, chaosSeed } from '../chaos/support/seeded-random.util.js';
import { writeClusterReport } from './cluster-report.js';
import { clusterNodeLoss } from './node-loss.scenario.js';

/**
 * `npm run test:chaos-cluster`: fault 21 of RELIABILITY.md on a three-node RabbitMQ cluster
 * (started by the global setup), the same six invariants as the chaos suite, and its section of
 * the reliability report (CHAOS_REPORT, default test-results/reliability.md; `npm run
 * chaos:cluster` writes docs/reliability.md with 1,000 sagas).
 */
const sagaCount = chaosSagaCount();
const seed = chaosSeed();
const startedAt = new Date();
let build: ChaosBuild | undefined;
let result: ScenarioResult | undefined;

function describeFailure(r: ScenarioResult): string {
  return [`evidence: ${r.evidence.join('; ')}`, `quiescent: ${r.quiescent}`, ...r.invariants.findings, r.postMortem ?? ''].join('\n');
}

describe('chaos: a node of the RabbitMQ cluster dies under load', () => {
  beforeAll(async () => {
    build = await prepareChaosBuild('correct');
  });

  afterAll(async () => {
    build?.dispose();
    if (result) {
      const path = writeClusterReport({
        result,
        seed,
        sagaCount,
        versions: await collectVersions(),
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
      });
      console.log(`broker cluster report written to ${path}`);
    }
  });

  it(`fault ${clusterNodeLoss.id}: ${clusterNodeLoss.title} — nothing lost, doubled, out of order or stuck`, async () => {
    result = await runScenario(clusterNodeLoss, build!, sagaCount, seed);
    expect(result.faultFired, describeFailure(result)).toBe(true);
    expect(result.quiescent, describeFailure(result)).toBe(true);
    expect(invariantsViolated(result.invariants), describeFailure(result)).toBe(false);
    expect(result.invariants.unexpectedOutcome, describeFailure(result)).toBe(0);
    expect(result.invariants.accepted).toBe(result.attempted);
  });
});
