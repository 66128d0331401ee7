/**
 * Per-document debounce: typing restarts the timer, so diagnostics are computed once the user
 * pauses. A run whose document changed meanwhile is dropped by the caller (see isCurrent).
 */
export class Debouncer {
  /** Pending runs by key, as the function that cancels each. */
  private readonly timers = new Map<string, () => void>();

  constructor(private delayMs: number) {}

  setDelay(delayMs: number): void {
    this.delayMs = delayMs;
  }

  schedule(key: string, run: () => void): void {
    this.cancel(key);
    const fire = () => {
      this.timers.delete(key);
      run();
    };
    // No delay: run after the messages already read (a burst still coalesces), without the ~1 ms a 0 ms timer costs.
    if (this.delayMs > 0) {
      const timer = setTimeout(fire, this.delayMs);
      this.timers.set(key, () => clearTimeout(timer));
    } else {
      const immediate = setImmediate(fire);
      this.timers.set(key, () => clearImmediate(immediate));
    }
  }

  cancel(key: string): void {
    this.timers.get(key)?.();
    this.timers.delete(key);
  }

  cancelAll(): void {
    for (const key of [...this.timers.keys()]) this.cancel(key);
  }
}
