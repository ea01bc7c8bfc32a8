// A distributed lock: RedisLock, withLock, and Redlock over several independent servers.
//
// Acquiring is SET key token NX PX ttl with a random token, in one script that also INCRs the lock's
// fencing counter: each acquisition gets a number larger than every earlier one, which a storage
// system can check to refuse writes from a holder whose lock has expired meanwhile (a paused process
// wakes up believing it still holds the lock; the fencing token is what stops it). Release and extend
// compare the token in Lua, so a holder whose lock expired cannot delete or prolong the next holder's.
//
// Keys: `{lock:name}:owner` (the token) and `{lock:name}:fence` (the counter): one hash tag, so the
// acquire script runs on Redis Cluster.

import { randomBytes } from 'node:crypto';
import { hashTagged, type RedisClient } from './keys.js';
import { LuaScript, PatternError, withContext } from './script.js';

const ACQUIRE = new LuaScript(
  'lock.acquire',
  `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return false`,
);

const RELEASE = new LuaScript(
  'lock.release',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`,
);

const EXTEND = new LuaScript(
  'lock.extend',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`,
);

export interface LockOptions {
  /** Key prefix (default "lock"). */
  prefix?: string;
  /** How long the lock lives unless extended, in milliseconds (default 10 000). */
  ttl?: number;
  /** Base delay between attempts while waiting, in milliseconds (default 50); each wait adds up to as much again at random. */
  retryDelay?: number;
  /** Keep extending the lock while it is held (every ttl/3), so long work does not outlive it (default false). */
  watchdog?: boolean;
}

/** Thrown by withLock when the lock could not be taken in time, or was lost while the work ran. */
export class LockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockError';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RedisLock {
  readonly key: string;
  private readonly fenceKey: string;
  private readonly ttl: number;
  private readonly retryDelay: number;
  private readonly useWatchdog: boolean;
  private currentToken: string | null = null;
  private fence: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lostController = new AbortController();
  /** The last error the watchdog met while extending, if any (it keeps trying while the ttl lasts). */
  lastWatchdogError: unknown = null;

  constructor(
    private readonly redis: RedisClient,
    readonly name: string,
    options: LockOptions = {},
  ) {
    const key = hashTagged(options.prefix ?? 'lock', name);
    this.key = key('owner');
    this.fenceKey = key('fence');
    this.ttl = options.ttl ?? 10_000;
    this.retryDelay = options.retryDelay ?? 50;
    this.useWatchdog = options.watchdog ?? false;
  }

  /** The random token of the current acquisition, or null when not held. */
  get token(): string | null {
    return this.currentToken;
  }

  /** The fencing token of the current acquisition (larger than every earlier one), or null. */
  get fencingToken(): number | null {
    return this.fence;
  }

  /** Aborted when the watchdog finds the lock gone (it expired, or someone else holds it now). */
  get lost(): AbortSignal {
    return this.lostController.signal;
  }

  /**
   * Try to take the lock, retrying for up to `timeout` milliseconds (0: one attempt). Resolves true
   * when held; false when the time ran out. Errors from Redis are thrown, never read as "not acquired".
   */
  async acquire(timeout = 0): Promise<boolean> {
    if (this.currentToken !== null)
      throw new LockError(`lock ${this.name} is already held by this RedisLock`);
    const deadline = Date.now() + timeout;
    const token = randomBytes(16).toString('hex');
    for (;;) {
      const fence = await ACQUIRE.run(this.redis, [this.key, this.fenceKey], [token, this.ttl]);
      if (fence !== null) {
        this.currentToken = token;
        this.fence = Number(fence);
        this.lostController = new AbortController();
        if (this.useWatchdog) this.startWatchdog();
        return true;
      }
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await sleep(Math.min(left, this.retryDelay + Math.random() * this.retryDelay));
    }
  }

  /** Give the lock up. False when it was no longer ours (expired, maybe taken by another holder). */
  async release(): Promise<boolean> {
    const token = this.currentToken;
    this.stopWatchdog();
    this.currentToken = null;
    this.fence = null;
    if (token === null) return false;
    return (await RELEASE.run(this.redis, [this.key], [token])) === 1;
  }

  /** Reset the lock's time to live to `ttl` ms (default the lock's ttl). False when it is no longer ours. */
  async extend(ttl = this.ttl): Promise<boolean> {
    const token = this.currentToken;
    if (token === null) return false;
    return (await EXTEND.run(this.redis, [this.key], [token, ttl])) === 1;
  }

  private startWatchdog(): void {
    const tick = async () => {
      try {
        if (await this.extend()) return;
        this.stopWatchdog();
        this.lostController.abort(new LockError(`lock ${this.name} was lost`));
      } catch (err) {
        // A failed extension is not a lost lock yet: the next tick tries again while the ttl lasts.
        // Holders that must know read `lost`; the error is kept as the reason if it comes to that.
        this.lastWatchdogError = err;
      }
    };
    this.timer = setInterval(() => void tick(), Math.max(1, Math.floor(this.ttl / 3)));
    this.timer.unref();
  }

  private stopWatchdog(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

export interface WithLockOptions extends LockOptions {
  /** How long to wait for the lock, in milliseconds (default 10 000). */
  timeout?: number;
}

/** What the work inside withLock gets: the fencing token, and a signal aborted if the lock is lost. */
export interface LockContext {
  fencingToken: number;
  signal: AbortSignal;
  extend(ttl?: number): Promise<boolean>;
}

/**
 * Run `fn` while holding the lock `name` (with the watchdog on unless `watchdog: false`), and release
 * it in `finally`. Rejects with LockError when the lock is not acquired within `timeout`, and when it
 * was lost before `fn` finished (then the work ran unprotected for a while, which the caller must know).
 */
export async function withLock<T>(
  redis: RedisClient,
  name: string,
  fn: (lock: LockContext) => Promise<T> | T,
  options: WithLockOptions = {},
): Promise<T> {
  const lock = new RedisLock(redis, name, { watchdog: true, ...options });
  if (!(await lock.acquire(options.timeout ?? 10_000))) {
    throw new LockError(`lock ${name} not acquired within ${options.timeout ?? 10_000} ms`);
  }
  const context: LockContext = {
    fencingToken: lock.fencingToken!,
    signal: lock.lost,
    extend: (ttl) => lock.extend(ttl),
  };
  let result: T;
  try {
    result = await fn(context);
  } catch (err) {
    // The work's own error is the one the caller needs: a release that fails too must not replace it,
    // and is reported as a process warning instead of vanishing.
    await lock.release().catch((releaseError: unknown) => {
      process.emitWarning(`withLock(${name}): release failed after the work failed: ${String(releaseError)}`);
    });
    throw err;
  }
  if (!(await lock.release())) throw new LockError(`lock ${name} expired before the work finished`);
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Redlock: one lock over N independent Redis servers, held when a majority granted it in less time
// than its validity. Use it where losing one server must not hand the lock to two holders; a single
// RedisLock is simpler and enough when that server is the only source of truth anyway.

export interface RedlockOptions {
  prefix?: string;
  ttl?: number;
  retryDelay?: number;
  /** Allowed clock drift between the servers, as a fraction of ttl (default 0.01), plus 2 ms. */
  driftFactor?: number;
}

export class Redlock {
  private readonly key: string;
  private readonly ttl: number;
  private readonly retryDelay: number;
  private readonly driftFactor: number;
  private currentToken: string | null = null;
  private validUntil = 0;

  constructor(
    private readonly servers: readonly RedisClient[],
    readonly name: string,
    options: RedlockOptions = {},
  ) {
    if (servers.length === 0) throw new TypeError('Redlock needs at least one server');
    this.key = hashTagged(options.prefix ?? 'lock', name)('owner');
    this.ttl = options.ttl ?? 10_000;
    this.retryDelay = options.retryDelay ?? 50;
    this.driftFactor = options.driftFactor ?? 0.01;
  }

  get quorum(): number {
    return Math.floor(this.servers.length / 2) + 1;
  }

  /** Milliseconds the lock is still certainly held (0 when not held). */
  get validity(): number {
    return this.currentToken === null ? 0 : Math.max(0, this.validUntil - Date.now());
  }

  async acquire(timeout = 0): Promise<boolean> {
    if (this.currentToken !== null) throw new LockError(`redlock ${this.name} is already held`);
    const deadline = Date.now() + timeout;
    for (;;) {
      const token = randomBytes(16).toString('hex');
      const started = Date.now();
      const granted = await Promise.allSettled(
        this.servers.map((redis) =>
          withContext('redlock.acquire', redis.set(this.key, token, 'PX', this.ttl, 'NX')),
        ),
      );
      const votes = granted.filter((g) => g.status === 'fulfilled' && g.value === 'OK').length;
      const validity = this.ttl - (Date.now() - started) - (this.ttl * this.driftFactor + 2);
      if (votes >= this.quorum && validity > 0) {
        this.currentToken = token;
        this.validUntil = Date.now() + validity;
        return true;
      }
      await this.releaseToken(token);
      if (votes === 0 && granted.every((g) => g.status === 'rejected')) {
        throw new PatternError('redlock.acquire', (granted[0] as PromiseRejectedResult).reason);
      }
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await sleep(Math.min(left, this.retryDelay + Math.random() * this.retryDelay));
    }
  }

  /** Release on every server. True when a quorum still had our token. */
  async release(): Promise<boolean> {
    const token = this.currentToken;
    this.currentToken = null;
    if (token === null) return false;
    return (await this.releaseToken(token)) >= this.quorum;
  }

  private async releaseToken(token: string): Promise<number> {
    const results = await Promise.allSettled(this.servers.map((r) => RELEASE.run(r, [this.key], [token])));
    return results.filter((r) => r.status === 'fulfilled' && r.value === 1).length;
  }
}
