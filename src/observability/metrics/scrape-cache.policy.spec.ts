import { describe, expect, it } from 'vitest';
import { cached } from './scrape-cache.policy.js';

describe(cached.name, () => {
  it('reads once within the time to live and again after it', async () => {
    let clock = 0;
    let reads = 0;
    const sut = cached(
      async () => ++reads,
      1_000,
      () => clock,
    );

    expect(await sut()).toBe(1);
    clock = 999;
    expect(await sut()).toBe(1);
    clock = 1_000;
    expect(await sut()).toBe(2);
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const sut = cached(async () => {
      if (fail) throw new Error('database down');
      return 'ok';
    }, 60_000);

    await expect(sut()).rejects.toThrow('database down');
    fail = false;
    expect(await sut()).toBe('ok');
  });
});
