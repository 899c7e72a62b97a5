import { describe, expect, it } from 'vitest';
import { respread, soakSection, type SoakReport, type SoakRun } from '../../../bench/soak/soak-report.js';
import { type SizeSample, type SizeSpread, SagaTables, sizeSpreads } from '../../../bench/soak/table-sizes.js';

const run: SoakRun = {
  started: 1000,
  finished: 1000,
  elapsedMs: 100_000,
  throughput: 10,
  lastHalfThroughput: 10,
  p50Ms: 100,
  p99Ms: 300,
  outcomes: { COMPLETED: 900, COMPENSATED: 100 },
};

function sample(atMs: number, sagaBytes: number, sagaIndexBytes = 200_000): SizeSample {
  const sizes = Object.fromEntries(SagaTables.map((table) => [table, { tableBytes: 1_000_000, indexBytes: 200_000 }]));
  return { atMs, finishedSagas: 0, sizes: { ...sizes, saga: { tableBytes: sagaBytes, indexBytes: sagaIndexBytes } } as SizeSample['sizes'] };
}

const sagaHeap = (spreads: readonly SizeSpread[]) => spreads.find((spread) => spread.table === 'saga' && spread.part === 'table')!;

function report(overrides: Partial<SoakReport>): SoakReport {
  const samples = [sample(60_000, 1_000_000), sample(90_000, 1_100_000)];
  return {
    generatedAt: '2026-12-07T00:00:00.000Z',
    sagas: 1000,
    concurrency: 50,
    maxSpread: 0.2,
    capped: false,
    runMs: 100_000,
    result: run,
    samples,
    spreads: sizeSpreads(samples),
    left: { COMPLETED: 300, COMPENSATED: 20 },
    deleted: { saga: 680, saga_event: 5440 },
    orphanRows: { saga_event: 0, saga_timer: 0, inbox_message: 0 },
    baseline: run,
    ...overrides,
  };
}

describe("the soak's verdict", () => {
  it('passes when every saga is accounted for and every table stayed within 20 % across the last half', () => {
    const section = soakSection(report({}));
    expect(section.failures).toEqual([]);
    expect(section.markdown).toContain('320 + 680 = 1000');
  });

  it('fails when a started saga is neither left nor deleted (lost)', () => {
    expect(soakSection(report({})).passed).toBe(true);
    const lost = soakSection(report({ left: { COMPLETED: 300 } }));
    expect(lost.passed).toBe(false);
    expect(lost.failures).toContain('1000 started but 300 left + 680 deleted');
  });

  it('fails when a saga never ended or one is left running', () => {
    const timedOut = soakSection(report({ result: { ...run, outcomes: { COMPLETED: 999, TIMED_OUT: 1 } }, left: { COMPLETED: 319, RUNNING: 1 } }));
    expect(timedOut.failures).toEqual(['1 sagas did not end within 2 minutes', 'sagas left not ended: 1 RUNNING']);
  });

  it('fails when rows outlive their saga (never to be deleted by housekeeping)', () => {
    const orphans = soakSection(report({ orphanRows: { saga_event: 0, saga_timer: 0, inbox_message: 51_242 } }));
    expect(orphans.failures).toEqual(['51242 inbox_message rows outlived their saga']);
    expect(orphans.markdown).toContain('No saga lost: yes');
  });

  it('fails when a table grew more than 20 % of its mean across the last half', () => {
    const samples = [sample(60_000, 1_000_000), sample(90_000, 1_300_000)];
    const grown = soakSection(report({ samples, spreads: sizeSpreads(samples) }));
    // A line through 1.0 and 1.3 MB rises 0.3 MB, 26 % of their mean.
    expect(grown.failures).toEqual(['saga table grew 26 % over the last half']);
  });

  it("judges a table's indexes apart from its heap: a growing index fails even while the heap shrinks as much", () => {
    const samples = [sample(60_000, 1_000_000, 200_000), sample(90_000, 850_000, 350_000)];
    const spreads = sizeSpreads(samples);
    const total = (at: SizeSample) => at.sizes.saga.tableBytes + at.sizes.saga.indexBytes;
    expect(total(samples[1]!)).toBe(total(samples[0]!));
    // A line through 0.2 and 0.35 MB rises 0.15 MB, 55 % of their mean; the heap falls 16 %.
    expect(soakSection(report({ samples, spreads })).failures).toEqual(['saga indexes grew 55 % over the last half']);
    expect(soakSection(report({ samples, spreads })).markdown).toContain('| `saga` | indexes | 0.2 | 0.3 | 0.3 | 75 % | +55 % | no |');
  });

  it('passes a sawtooth around a level however deep (vacuum truncating the file), and fails a slow rise under it', () => {
    const sawtooth = Array.from({ length: 40 }, (_, i) => sample(60_000 + i * 1000, i % 4 === 3 ? 700_000 : 1_000_000));
    const level = sagaHeap(sizeSpreads(sawtooth));
    expect(level.spread).toBeGreaterThan(0.4);
    expect(soakSection(report({ samples: sawtooth, spreads: sizeSpreads(sawtooth) })).failures).toEqual([]);

    const rising = Array.from({ length: 40 }, (_, i) => sample(60_000 + i * 1000, (i % 4 === 3 ? 700_000 : 1_000_000) * (1 + i / 100)));
    // 1 % a sample on top: 39 % by the end, about a third of the mean once the sawtooth is averaged in.
    const risingSaga = sagaHeap(sizeSpreads(rising));
    expect(risingSaga.trend).toBeGreaterThan(0.25);
    expect(soakSection(report({ samples: rising, spreads: sizeSpreads(rising) })).failures).toEqual([
      `saga table grew ${Math.round(risingSaga.trend * 100)} % over the last half`,
    ]);
  });

  it("renders an earlier run's section again from its samples, judging only the run's last half", () => {
    // The first sample (before half of the 100 s run) would make the saga heap look 50 % grown.
    const samples = [sample(10_000, 700_000), sample(60_000, 1_000_000), sample(90_000, 1_050_000)];
    const stored = report({ samples, spreads: [] });
    const again = respread(stored);
    expect(sagaHeap(again.spreads)).toMatchObject({ minBytes: 1_000_000, maxBytes: 1_050_000, lastBytes: 1_050_000 });
    expect(again.spreads).toHaveLength(10);
    const section = soakSection(again, { renderedAgainAt: '2026-12-08T00:00:00.000Z' });
    expect(section.failures).toEqual([]);
    expect(section.markdown).toContain("rendered again from that run's samples");
  });
});
