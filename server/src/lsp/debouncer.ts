/**
 * Per-document debounce: typing restarts the timer, so diagnostics are computed once the user
 * pauses. A run whose document changed meanwhile is dropped by the caller (see isCurrent).
 */
export class Debouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private delayMs: number) {}

  setDelay(delayMs: number): void {
    this.delayMs = delayMs;
  }

  schedule(key: string, run: () => void): void {
    this.cancel(key);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      run();
    }, this.delayMs);
    this.timers.set(key, timer);
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  cancelAll(): void {
    for (const key of [...this.timers.keys()]) this.cancel(key);
  }
}
