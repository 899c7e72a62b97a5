import { afterEach, describe, expect, it, vi } from 'vitest';
import { CrashPoints } from './crash-point-name.js';

/** Loads a fresh copy of the module so it reads the stubbed environment. */
async function loadArmed(env: Record<string, string>) {
  vi.resetModules();
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
  const module = await import('./crash-point.js');
  return { ...module, kill };
}

describe('crashPoint', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('does nothing when no crash point is armed', async () => {
    const { crashPoint, kill } = await loadArmed({ SAGA_CRASH_POINT: '' });
    crashPoint(CrashPoints.replyBeforeCommit);
    expect(kill).not.toHaveBeenCalled();
  });

  it('does nothing at a point other than the armed one', async () => {
    const { crashPoint, kill } = await loadArmed({ SAGA_CRASH_POINT: CrashPoints.replyBeforeCommit });
    crashPoint(CrashPoints.startAfterCommit);
    expect(kill).not.toHaveBeenCalled();
  });

  it('kills the process with SIGKILL on the first hit by default', async () => {
    const { crashPoint, kill } = await loadArmed({ SAGA_CRASH_POINT: CrashPoints.replyBeforeCommit });
    crashPoint(CrashPoints.replyBeforeCommit);
    expect(kill).toHaveBeenCalledExactlyOnceWith(process.pid, 'SIGKILL');
  });

  it('kills the process only on the k-th hit', async () => {
    const { crashPoint, kill } = await loadArmed({
      SAGA_CRASH_POINT: CrashPoints.replyAfterCommitBeforeAck,
      SAGA_CRASH_POINT_HIT: '3',
    });
    crashPoint(CrashPoints.replyAfterCommitBeforeAck);
    crashPoint(CrashPoints.replyAfterCommitBeforeAck);
    expect(kill).not.toHaveBeenCalled();
    crashPoint(CrashPoints.replyAfterCommitBeforeAck);
    expect(kill).toHaveBeenCalledOnce();
  });
});

describe('parseHit', () => {
  it('reads a positive integer and falls back to 1 otherwise', async () => {
    const { parseHit } = await import('../config/crash-point-settings.js');
    expect(parseHit('4')).toBe(4);
    expect(parseHit(undefined)).toBe(1);
    expect(parseHit('0')).toBe(1);
    expect(parseHit('2.5')).toBe(1);
    expect(parseHit('x')).toBe(1);
  });
});

describe('crashPointLine', () => {
  it('names the point and the hit, as the chaos suite expects', async () => {
    const { crashPointLine } = await import('./crash-point.js');
    expect(crashPointLine('reply.before-commit', 2)).toBe('CRASH POINT reply.before-commit hit 2: exiting');
  });
});
