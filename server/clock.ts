// The server clock: the only source of time in respite.
//
// Key expiry, TTL, blocking timeouts, idle times and TIME all read `now()`. By default it follows the
// wall clock; tests freeze it and advance it by hand so nothing ever sleeps:
//
//     server.clock.freeze();
//     server.clock.advance(10_000); // keys with a 10 s TTL are now expired, timers due have fired
//
// Timers (`at`) are kept in deadline order. While the clock runs, one real setTimeout waits for the
// earliest; while it is frozen only advance() and set() fire them.
//
// A jump forward (advance, set) walks through time rather than leaping: everything that falls due on
// the way, timers and the events of the clock's sources (a server's keys with a TTL), runs in time
// order, each with the clock standing at its own deadline. So a key that expires at +10 ms is gone
// (and its `expired` notification sent) before a BLPOP that times out at +20 ms answers, exactly as it
// would happen in real time. At equal times, source events run before timers.
//
// One clock may drive several servers (pass it to each startServer): each adds itself as a source and
// a jump listener, and removes itself when it closes.

/** performance.timeOrigin is a getter; read it once (the clock is read on every command). */
const TIME_ORIGIN = performance.timeOrigin;

export interface Timer {
  readonly deadline: number;
  cancel(): void;
}

/** Something that falls due at a known time, other than a timer: a key's expiry. */
export interface DueEvent {
  readonly at: number;
  fire(): void;
}

/** A provider of due events, asked once per jump forward for everything due by `until`. */
export interface DueSource {
  due(until: number): DueEvent[];
}

export interface ClockOptions {
  /** Start frozen at this time (epoch milliseconds). */
  frozenAt?: number;
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
  private readonly sources = new Set<DueSource>();
  private readonly jumpListeners = new Set<() => void>();

  constructor(options: ClockOptions = {}) {
    if (options.frozenAt !== undefined) this.frozenAt = options.frozenAt;
  }

  /**
   * Call `fn` whenever the clock jumps (advance, set, freeze at a time), before anything due runs, so
   * a server drops the time it cached for the current batch. Returns a function that removes it.
   */
  onJump(fn: () => void): () => void {
    this.jumpListeners.add(fn);
    return () => this.jumpListeners.delete(fn);
  }

  /** Add a source of due events (see DueSource). Returns a function that removes it. */
  addSource(source: DueSource): () => void {
    this.sources.add(source);
    return () => this.sources.delete(source);
  }

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

  /** Stop the clock at the current time, or at `epochMs` (which is then like set(epochMs)). */
  freeze(epochMs?: number): void {
    if (this.frozenAt === null) this.frozenAt = this.now();
    if (epochMs !== undefined) this.set(epochMs);
    else this.schedule();
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

  /**
   * Move the clock to `epochMs` (forward or back). Going forward, every timer and source event due on
   * the way runs in time order, with the clock at that event's deadline while it runs.
   */
  set(epochMs: number): void {
    if (!Number.isFinite(epochMs))
      throw new RangeError('clock.set() takes a finite time in epoch milliseconds');
    for (const listener of this.jumpListeners) listener();
    const events: DueEvent[] = [];
    if (epochMs > this.nowPrecise()) {
      for (const source of this.sources) for (const e of source.due(epochMs)) events.push(e);
      events.sort((a, b) => a.at - b.at);
    }
    let next = 0;
    for (;;) {
      const event = next < events.length ? events[next] : null;
      const timer = this.timers.length > 0 ? this.timers[0] : null;
      const eventAt = event ? event.at : Number.POSITIVE_INFINITY;
      const timerAt = timer ? timer.deadline : Number.POSITIVE_INFINITY;
      const at = Math.min(eventAt, timerAt);
      if (at > epochMs) break;
      if (at > this.nowPrecise()) this.moveTo(at);
      if (event !== null && eventAt <= timerAt) {
        next++;
        event.fire();
      } else if (timer !== null) {
        this.timers.shift();
        timer.cancelled = true;
        timer.fn();
      }
    }
    this.moveTo(epochMs);
    this.schedule();
  }

  private moveTo(epochMs: number): void {
    if (this.frozenAt !== null) this.frozenAt = epochMs;
    else this.offset = epochMs - (TIME_ORIGIN + performance.now());
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

  /** Cancel all timers (the server that owns the clock is closing). */
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
