import { describe, expect, it } from 'vitest';
import { WakeableSleep } from './wakeable-sleep.js';

const within = (promise: Promise<void>, ms: number) =>
  Promise.race([promise.then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('still sleeping'), ms))]);

describe(WakeableSleep.name, () => {
  it('sleeps the whole pause when nobody wakes it', async () => {
    const pause = new WakeableSleep();
    expect(await within(pause.sleep(200), 50)).toBe('still sleeping');
    expect(await within(pause.sleep(20), 200)).toBe('ended');
  });

  it('ends a pause at once when woken', async () => {
    const pause = new WakeableSleep();
    const sleeping = pause.sleep(60_000);
    pause.wake();
    expect(await within(sleeping, 100)).toBe('ended');
    expect(await within(pause.sleep(200), 50)).toBe('still sleeping');
  });

  it('ends the next pause before it starts when woken while not sleeping, once', async () => {
    const pause = new WakeableSleep();
    pause.wake();
    expect(await within(pause.sleep(60_000), 100)).toBe('ended');
    expect(await within(pause.sleep(200), 50)).toBe('still sleeping');
  });
});
