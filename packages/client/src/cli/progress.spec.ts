import { afterEach, describe, expect, it, vi } from 'vitest';
import { Progress } from './progress.js';

describe('Progress', () => {
  afterEach(() => vi.useRealTimers());

  it('draws nothing when stderr is not a terminal (scripts and logs see only the result)', () => {
    vi.useFakeTimers();
    const written: string[] = [];
    const progress = new Progress({ isTTY: false, write: (text) => written.push(text) }, 'saga s-1');
    progress.start();
    vi.advanceTimersByTime(1_000);
    progress.stop();
    expect(written).toEqual([]);
  });

  it('on a terminal, redraws a spinner with the last status in place and clears the line when it stops', () => {
    vi.useFakeTimers();
    const written: string[] = [];
    const progress = new Progress({ isTTY: true, write: (text) => written.push(text) }, 'saga s-1');
    progress.start();
    progress.update('COMPENSATING');
    vi.advanceTimersByTime(300);
    progress.stop();
    vi.advanceTimersByTime(1_000);
    expect(written[0]).toBe('\r\x1b[2K⠋ saga s-1: waiting');
    expect(written.slice(1, -1)).toEqual([
      '\r\x1b[2K⠙ saga s-1: COMPENSATING',
      '\r\x1b[2K⠹ saga s-1: COMPENSATING',
      '\r\x1b[2K⠸ saga s-1: COMPENSATING',
    ]);
    expect(written.at(-1)).toBe('\r\x1b[2K');
  });
});
