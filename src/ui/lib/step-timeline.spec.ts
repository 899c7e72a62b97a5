import { describe, expect, it } from 'vitest';
import { buildTimeline } from './step-timeline.js';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

describe(buildTimeline.name, () => {
  it('pairs each attempt end with its start, per attempt and phase', () => {
    const timeline = buildTimeline([
      { seq: 1, type: 'SagaStarted', step: null, attempt: null, at: at(0), data: null },
      { seq: 2, type: 'StepStarted', step: 'a', attempt: 1, at: at(10), data: null },
      { seq: 3, type: 'StepRetryScheduled', step: 'a', attempt: 1, at: at(60), data: null },
      { seq: 4, type: 'StepStarted', step: 'a', attempt: 2, at: at(300), data: null },
      { seq: 5, type: 'StepSucceeded', step: 'a', attempt: 2, at: at(320), data: { output: {} } },
      { seq: 6, type: 'CompensationStarted', step: 'a', attempt: 1, at: at(400), data: null },
      { seq: 7, type: 'CompensationSucceeded', step: 'a', attempt: 1, at: at(450), data: null },
    ]);
    expect(timeline.map((entry) => [entry.type, entry.durationMs, entry.offsetMs, entry.phase])).toEqual([
      ['SagaStarted', null, 0, null],
      ['StepStarted', null, 10, 'execute'],
      ['StepRetryScheduled', 50, 60, 'execute'],
      ['StepStarted', null, 300, 'execute'],
      ['StepSucceeded', 20, 320, 'execute'],
      ['CompensationStarted', null, 400, 'compensate'],
      ['CompensationSucceeded', 50, 450, 'compensate'],
    ]);
  });

  it('times a child saga node like a step: started to completed, undo to compensated', () => {
    const timeline = buildTimeline([
      { seq: 1, type: 'ChildSagaStarted', step: 'bill', attempt: 1, at: at(0), data: null },
      { seq: 2, type: 'ChildSagaCompleted', step: 'bill', attempt: 1, at: at(70), data: { output: {} } },
      { seq: 3, type: 'CompensationStarted', step: 'bill', attempt: 1, at: at(100), data: null },
      { seq: 4, type: 'ChildSagaCompensated', step: 'bill', attempt: 1, at: at(130), data: null },
    ]);
    expect(timeline.map((entry) => [entry.type, entry.durationMs, entry.phase])).toEqual([
      ['ChildSagaStarted', null, 'execute'],
      ['ChildSagaCompleted', 70, 'execute'],
      ['CompensationStarted', null, 'compensate'],
      ['ChildSagaCompensated', 30, 'compensate'],
    ]);
  });

  it('sorts by seq and leaves an end without its start without a duration', () => {
    const timeline = buildTimeline([
      { seq: 2, type: 'StepSucceeded', step: 'a', attempt: 1, at: at(20), data: null },
      { seq: 1, type: 'SagaStarted', step: null, attempt: null, at: at(0), data: null },
    ]);
    expect(timeline.map((entry) => [entry.seq, entry.durationMs])).toEqual([
      [1, null],
      [2, null],
    ]);
  });
});
