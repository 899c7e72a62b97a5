/**
 * A polling worker's pause: `sleep` waits up to `ms`, `wake` ends the pause at once. A wake that
 * comes while the worker is busy (not sleeping) ends its next pause before it starts, so work
 * announced mid-round is never left for a whole interval.
 */
export class WakeableSleep {
  private woken = false;
  private endPause: (() => void) | undefined;

  wake(): void {
    this.woken = true;
    this.endPause?.();
  }

  sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.endPause?.(), ms);
      this.endPause = () => {
        clearTimeout(timer);
        this.endPause = undefined;
        this.woken = false;
        resolve();
      };
    });
  }
}
