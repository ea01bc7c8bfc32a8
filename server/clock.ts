// The server clock: the only source of time in respite.
//
// Key expiry, TTL, blocking timeouts, idle times and TIME all read `now()`. By default it follows the
// wall clock; tests freeze it and advance it by hand so nothing ever sleeps:
//
//     server.clock.freeze();
//     server.clock.advance(10_000); // keys with a 10 s TTL are now expired, timers due have fired
//
// Timers (`at`) are kept in deadline order. While the clock runs, one real setTimeout waits for the
// earliest; while it is frozen only advance() and set() fire them, in deadline order.

/** performance.timeOrigin is a getter; read it once (the clock is read on every command). */
const TIME_ORIGIN = performance.timeOrigin;

export interface Timer {
  readonly deadline: number;
  cancel(): void;
}

interface Entry extends Timer {
  fn: () => void;
  cancelled: boolean;
}

export class Clock {
  /** Milliseconds added to the wall clock (set by set() and by advance() while running). */
  private offset = 0;
  /** The frozen time, or null while the clock follows the wall clock. */
  private frozenAt: number | null = null;
  private timers: Entry[] = [];
  private wakeup: NodeJS.Timeout | null = null;
  private wakeupAt = Number.POSITIVE_INFINITY;
  /** Called after the clock jumps (advance, set), so the server can expire keys that fell due. */
  onJump: (() => void) | null = null;

  /** Milliseconds since the epoch, as a float with sub-millisecond precision. */
  nowPrecise(): number {
    return this.frozenAt ?? TIME_ORIGIN + performance.now() + this.offset;
  }

  /** Whole milliseconds since the epoch. */
  now(): number {
    return Math.floor(this.nowPrecise());
  }

  /** Microseconds since the epoch (for TIME). */
  nowMicros(): number {
    return Math.floor(this.nowPrecise() * 1000);
  }

  get frozen(): boolean {
    return this.frozenAt !== null;
  }

  /** Stop the clock at the current time. */
  freeze(): void {
    if (this.frozenAt === null) this.frozenAt = this.now();
    this.schedule();
  }

  /** Let the clock run again from where it stands. */
  resume(): void {
    if (this.frozenAt === null) return;
    this.offset = this.frozenAt - (TIME_ORIGIN + performance.now());
    this.frozenAt = null;
    this.schedule();
  }

  /** Move the clock forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('clock.advance() takes a non-negative number of milliseconds');
    this.set(this.nowPrecise() + ms);
  }

  /** Move the clock to `epochMs` (forward or back), firing every timer that falls due. */
  set(epochMs: number): void {
    if (this.frozenAt !== null) this.frozenAt = epochMs;
    else this.offset = epochMs - (TIME_ORIGIN + performance.now());
    this.onJump?.();
    this.fire();
  }

  /** Run `fn` once the clock reaches `deadline` (epoch milliseconds). */
  at(deadline: number, fn: () => void): Timer {
    const entry: Entry = {
      deadline,
      fn,
      cancelled: false,
      cancel: () => {
        if (entry.cancelled) return;
        entry.cancelled = true;
        const i = this.timers.indexOf(entry);
        if (i >= 0) this.timers.splice(i, 1);
        this.schedule();
      },
    };
    // Binary search keeps timers sorted by deadline; equal deadlines keep their arrival order.
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timers[mid].deadline <= deadline) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, entry);
    if (lo === 0) this.schedule();
    return entry;
  }

  /** Stop all timers (the server is closing). */
  stop(): void {
    this.timers = [];
    if (this.wakeup) clearTimeout(this.wakeup);
    this.wakeup = null;
    this.wakeupAt = Number.POSITIVE_INFINITY;
  }

  private fire(): void {
    const now = this.nowPrecise();
    while (this.timers.length > 0 && this.timers[0].deadline <= now) {
      const entry = this.timers.shift()!;
      entry.cancelled = true;
      entry.fn();
    }
    this.schedule();
  }

  private schedule(): void {
    const next =
      this.frozenAt === null && this.timers.length > 0 ? this.timers[0].deadline : Number.POSITIVE_INFINITY;
    if (next === this.wakeupAt) return;
    if (this.wakeup) clearTimeout(this.wakeup);
    this.wakeup = null;
    this.wakeupAt = next;
    if (next === Number.POSITIVE_INFINITY) return;
    const delay = Math.max(0, Math.min(next - this.nowPrecise(), 2 ** 31 - 1));
    this.wakeup = setTimeout(() => {
      this.wakeup = null;
      this.wakeupAt = Number.POSITIVE_INFINITY;
      this.fire();
    }, delay);
    this.wakeup.unref?.();
  }
}
