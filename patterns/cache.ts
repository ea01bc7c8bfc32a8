// A JSON cache on Redis: RedisCache, and cached() to memoize an async function.
//
// Values are JSON, extended so that what goes in comes out: a Date comes back as a Date and a BigInt
// as a BigInt (stored as {"$date": iso} and {"$bigint": "digits"}), `null` is a value like any other
// (a factory returning null is cached, not recomputed on every call), and `undefined` is cached too.
// A plain object whose only key starts with "$" is escaped so it cannot be read as one of those.
// Other non-JSON values (Map, Set, class instances) are stored as JSON.stringify stores them.
//
// A miss computes the value once: concurrent getOrSet calls for one key in a process share one
// factory call (single flight), and with `lock` a short Redis lock makes other processes wait for
// the one computing instead of stampeding the backend.
//
// Invalidating a group of entries needs no KEYS (which blocks the server, and DEL takes no pattern
// anyway): an `indexed` cache records its keys in a sorted set scored by expiry, and clear() deletes
// exactly those. An indexed cache's keys share one hash tag, `{prefix}:…`, so the index and its
// entries live on one Cluster slot; a non-indexed cache spreads its keys over the cluster.
//
// A delete (or invalidate, or clear) is not undone by a computation that was already running: a
// computation stores its value only if the entry is still as it found it at its miss, checked in the
// same script that stores. That covers every process, not just this one, so the state lives in Redis:
//   - delete() leaves a tombstone in the entry's key ("~deleted:<random>", read as a miss) for
//     `invalidationWindow` ms instead of removing it. Storing needs the key to be still missing or to
//     hold the very tombstone seen at the miss, so a value stored and deleted again meanwhile (missing
//     -> value -> missing) cannot be mistaken for "unchanged". The tombstone is in the entry's own key,
//     so the check works on a Cluster whatever slot the entry is in.
//   - clear() counts up `…~epoch` first (it expires after `invalidationWindow` ms); an indexed cache's
//     computations store only if it is unchanged (all of an indexed cache's keys share one slot, so the
//     store script can read it).
//   - a computation still running after `invalidationWindow` ms does not store (a tombstone it would
//     have to see may have expired); its callers still get the value.
// In this process, a getOrSet after a delete starts a new computation instead of joining one that
// began before it.
//
// Keys: `prefix:key` (or `{prefix}:key` when indexed), `…~lock:key` for the stampede lock,
// `…~index` for the index and `…~epoch` for clear(); keys starting with "~" are reserved.

import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from './keys.js';
import { LUA_NOW_MS, LuaScript, PatternError, withContext } from './script.js';

export interface StampedeLockOptions {
  /** How long the lock lives if its holder dies, in ms (default 5000). */
  ttl?: number;
  /** How long others wait for the holder's value before computing it themselves, in ms (default ttl). */
  wait?: number;
  /** How often waiters look for the value, in ms (default 20). */
  poll?: number;
}

export interface RedisCacheOptions {
  /** Key prefix (default "cache"). */
  prefix?: string;
  /** Default time to live in seconds (fractions allowed); none: entries do not expire. */
  ttl?: number;
  /** Record the keys in an index so that clear() can delete them (default false). */
  indexed?: boolean;
  /** Let one process compute a missing value while the others wait for it (default off). */
  lock?: boolean | StampedeLockOptions;
  /**
   * How long a deleted entry remembers its deletion, in ms (default 60 000): a getOrSet computation
   * that began before a delete does not store its value after it, and one that runs longer than this
   * does not store its value at all.
   */
  invalidationWindow?: number;
}

// ----- encoding -----------------------------------------------------------------------------------

const TAGS = new Set(['$date', '$bigint', '$undefined', '$esc']);

function encodeValue(value: unknown): string {
  if (value === undefined) return '{"$undefined":1}';
  // The escape wrappers made here: JSON.stringify passes their contents back through the replacer.
  const wrappers = new WeakSet<object>();
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    if (wrappers.has(this)) return v;
    const raw = this[key];
    if (raw instanceof Date) return { $date: Number.isNaN(raw.getTime()) ? null : raw.toISOString() };
    if (typeof v === 'bigint') return { $bigint: v.toString() };
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0].startsWith('$')) {
        const wrapper = { $esc: v };
        wrappers.add(wrapper);
        return wrapper;
      }
    }
    return v;
  });
}

function decodeValue(text: string): unknown {
  return revive(JSON.parse(text));
}

// Top-down (JSON.parse's reviver works bottom-up, so it would read inside an escaped object).
function revive(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(revive);
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && TAGS.has(keys[0])) {
    if (keys[0] === '$date') return o.$date === null ? new Date(Number.NaN) : new Date(o.$date as string);
    if (keys[0] === '$bigint') return BigInt(o.$bigint as string);
    if (keys[0] === '$undefined') return undefined;
    return reviveFields(o.$esc as Record<string, unknown>);
  }
  return reviveFields(o);
}

function reviveFields(o: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(o)) {
    const value = revive(o[key]);
    // A "__proto__" field from JSON is an own property; plain assignment would set the prototype.
    if (key === '__proto__')
      Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
    else o[key] = value;
  }
  return o;
}

// ----- scripts ----------------------------------------------------------------------------------------

/** What delete() leaves in a key: not JSON, so never a value; unique, so never confused with another. */
const TOMBSTONE = '~deleted:';

const isValue = (text: string | null): text is string => text !== null && !text.startsWith(TOMBSTONE);

// write(value, ttl ms as a string, 0: none): the entry KEYS[1] and, when there is an index KEYS[2],
// its index entry scored by expiry, pruning what expired.
const LUA_WRITE = `${LUA_NOW_MS}
local function write(value, ttl)
  local ms = tonumber(ttl)
  if ms > 0 then
    redis.call('SET', KEYS[1], value, 'PX', ttl)
  else
    redis.call('SET', KEYS[1], value)
  end
  if KEYS[2] then
    local now = now_ms()
    redis.call('ZADD', KEYS[2], ms > 0 and string.format('%.0f', now + ms) or 'inf', KEYS[1])
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('(%.0f', now))
  end
end`;

// KEYS: entry, index. ARGV: value, ttl ms (0: none).
const SET_INDEXED = new LuaScript(
  'cache.set',
  `${LUA_WRITE}
write(ARGV[1], ARGV[2])
return 1`,
);

// A computation's value, stored only if nothing changed the entry since its miss.
// KEYS: entry[, index, epoch]. ARGV: value, ttl ms (0: none), the entry at the miss ('' if missing),
// the epoch at the miss. 1 stored, 0 not (deleted, cleared or written meanwhile).
const STORE = new LuaScript(
  'cache.store',
  `${LUA_WRITE}
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[3] then return 0 end
if KEYS[3] and (redis.call('GET', KEYS[3]) or '0') ~= ARGV[4] then return 0 end
write(ARGV[1], ARGV[2])
return 1`,
);

// KEYS: entry[, index]. ARGV: tombstone, its ttl ms. 1 if a value was cached.
const DELETE = new LuaScript(
  'cache.delete',
  `local old = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if KEYS[2] then redis.call('ZREM', KEYS[2], KEYS[1]) end
if old and string.sub(old, 1, ${TOMBSTONE.length}) ~= '${TOMBSTONE}' then return 1 end
return 0`,
);

// KEYS: index. ARGV: batch size. Deletes up to a batch of the indexed entries (all on the index's
// slot, by the hash tag); replies how many index entries are left.
const CLEAR_BATCH = new LuaScript(
  'cache.clear',
  `local keys = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #keys > 0 then
  redis.call('DEL', unpack(keys))
  redis.call('ZREM', KEYS[1], unpack(keys))
end
return redis.call('ZCARD', KEYS[1])`,
);

const RELEASE_LOCK = new LuaScript(
  'cache.unlock',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
);

type Lookup<T> = { hit: true; value: T } | { hit: false };

/** What a computation saw at its miss, to store only if it is still so. */
interface Seen {
  entry: string | null;
  epoch: string | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RedisCache {
  readonly prefix: string;
  private readonly ns: string;
  private readonly indexKey: string | null;
  private readonly epochKey: string | null;
  private readonly invalidationWindow: number;
  private readonly defaultTtl: number | undefined;
  private readonly lock: Required<StampedeLockOptions> | null;
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly redis: RedisClient,
    options: RedisCacheOptions = {},
  ) {
    this.prefix = options.prefix ?? 'cache';
    if (options.indexed && /[{}]/.test(this.prefix))
      throw new TypeError('an indexed cache prefix may not contain braces');
    this.ns = options.indexed ? `{${this.prefix}}:` : `${this.prefix}:`;
    this.indexKey = options.indexed ? `${this.ns}~index` : null;
    this.epochKey = options.indexed ? `${this.ns}~epoch` : null;
    this.invalidationWindow = options.invalidationWindow ?? 60_000;
    if (!(this.invalidationWindow >= 1)) throw new RangeError('invalidationWindow must be at least 1 ms');
    this.defaultTtl = options.ttl;
    const lock = options.lock === true ? {} : options.lock || null;
    this.lock = lock && {
      ttl: lock.ttl ?? 5000,
      wait: lock.wait ?? lock.ttl ?? 5000,
      poll: lock.poll ?? 20,
    };
  }

  /** The Redis key of a cache key. */
  keyOf(key: string): string {
    return this.ns + key;
  }

  /** The cached value, or undefined on a miss (a cached null is null). */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    const found = await this.lookup<T>(key);
    return found.hit ? found.value : undefined;
  }

  /** Whether the key is cached, with its value: tells a cached `undefined` from a miss. */
  async lookup<T = unknown>(key: string): Promise<Lookup<T>> {
    const text = await withContext('cache.get', this.redis.get(this.keyOf(key)));
    return isValue(text) ? { hit: true, value: decodeValue(text) as T } : { hit: false };
  }

  // A lookup that also returns what a computation must find unchanged to store its value.
  private async observe<T>(key: string): Promise<Lookup<T> & { seen: Seen }> {
    const [entry, epoch] = this.epochKey
      ? await withContext('cache.get', this.redis.mget(this.keyOf(key), this.epochKey))
      : [await withContext('cache.get', this.redis.get(this.keyOf(key))), null];
    const seen = { entry, epoch };
    return isValue(entry) ? { hit: true, value: decodeValue(entry) as T, seen } : { hit: false, seen };
  }

  /** Cache `value` for `ttl` seconds (default the cache's ttl; 0 or none: no expiry). */
  async set(key: string, value: unknown, ttl = this.defaultTtl): Promise<void> {
    const text = encodeValue(value);
    const ms = this.ttlMs(ttl);
    if (this.indexKey) {
      await SET_INDEXED.run(this.redis, [this.keyOf(key), this.indexKey], [text, ms]);
    } else if (ms > 0) {
      await withContext('cache.set', this.redis.set(this.keyOf(key), text, 'PX', ms));
    } else {
      await withContext('cache.set', this.redis.set(this.keyOf(key), text));
    }
  }

  /**
   * Remove a key; true if it was cached. A getOrSet computation of it that is running (in any process)
   * will not store its value.
   */
  async delete(key: string): Promise<boolean> {
    this.inFlight.delete(key);
    const keys = this.indexKey ? [this.keyOf(key), this.indexKey] : [this.keyOf(key)];
    const tombstone = TOMBSTONE + randomBytes(12).toString('hex');
    return (await DELETE.run(this.redis, keys, [tombstone, this.invalidationWindow])) === 1;
  }

  /**
   * Delete every entry of an indexed cache (in batches, so a large cache does not block Redis). No
   * getOrSet computation running when it starts (in any process) will store its value.
   */
  async clear(): Promise<void> {
    if (!this.indexKey || !this.epochKey)
      throw new TypeError(`cache ${this.prefix} is not indexed: clear() needs { indexed: true }`);
    this.inFlight.clear();
    // The epoch only has to outlive the computations it stops, which end within the window.
    const counted = await withContext(
      'cache.clear',
      this.redis.multi().incr(this.epochKey).pexpire(this.epochKey, this.invalidationWindow).exec(),
    );
    const failed = counted?.find(([err]) => err)?.[0];
    if (failed) throw new PatternError('cache.clear', failed);
    while (((await CLEAR_BATCH.run(this.redis, [this.indexKey], [500])) as number) > 0) {}
  }

  /**
   * The cached value, or else `factory()`'s, cached for `ttl` seconds. Concurrent calls for one key in
   * this process share one factory call; with `lock`, so do calls in other processes. A factory that
   * throws caches nothing and its error reaches every caller waiting for it.
   */
  getOrSet<T>(key: string, factory: () => Promise<T> | T, ttl = this.defaultTtl): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running as Promise<T>;
    const flight = this.load(key, factory, ttl).finally(() => {
      // A delete may have detached this flight and a newer one taken its place.
      if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
    });
    this.inFlight.set(key, flight);
    return flight;
  }

  private async load<T>(key: string, factory: () => Promise<T> | T, ttl: number | undefined): Promise<T> {
    const found = await this.observe<T>(key);
    if (found.hit) return found.value;
    if (!this.lock) return this.compute(key, factory, ttl, found.seen);

    const lockKey = `${this.ns}~lock:${key}`;
    const token = randomBytes(12).toString('hex');
    const deadline = Date.now() + this.lock.wait;
    for (;;) {
      const got = await withContext('cache.lock', this.redis.set(lockKey, token, 'PX', this.lock.ttl, 'NX'));
      if (got === 'OK') {
        try {
          // Another process may have filled the key between our miss and our lock.
          const again = await this.observe<T>(key);
          return again.hit ? again.value : await this.compute(key, factory, ttl, again.seen);
        } finally {
          await RELEASE_LOCK.run(this.redis, [lockKey], [token]);
        }
      }
      // Someone else is computing: wait for their value, or for their lock to go (they failed).
      while (Date.now() < deadline) {
        await sleep(this.lock.poll);
        // Two commands, not a MULTI: the entry and its lock may be on different Cluster slots.
        const [text, locked] = await Promise.all([
          withContext('cache.get', this.redis.get(this.keyOf(key))),
          withContext('cache.lock', this.redis.exists(lockKey)),
        ]);
        if (isValue(text)) return decodeValue(text) as T;
        if (locked === 0) break;
      }
      if (Date.now() >= deadline) return this.compute(key, factory, ttl, found.seen);
    }
  }

  // Stores only what nothing invalidated meanwhile: see the file's comment.
  private async compute<T>(
    key: string,
    factory: () => Promise<T> | T,
    ttl: number | undefined,
    seen: Seen,
  ): Promise<T> {
    const started = Date.now();
    const value = await factory();
    if (Date.now() - started >= this.invalidationWindow) return value;
    const ms = this.ttlMs(ttl);
    const keys =
      this.indexKey && this.epochKey ? [this.keyOf(key), this.indexKey, this.epochKey] : [this.keyOf(key)];
    await STORE.run(this.redis, keys, [encodeValue(value), ms, seen.entry ?? '', seen.epoch ?? '0']);
    return value;
  }

  private ttlMs(ttl: number | undefined): number {
    const ms = ttl === undefined ? 0 : Math.max(0, Math.round(ttl * 1000));
    if (ttl !== undefined && ttl > 0 && ms === 0) throw new RangeError('ttl below a millisecond');
    return ms;
  }
}

// ----- cached(): memoize a function ------------------------------------------------------------------

export interface CachedOptions<A extends unknown[]> {
  /** The connection. */
  redis: RedisClient;
  /** Time to live in seconds (default: no expiry). */
  ttl?: number;
  /** Key prefix (default "cached"); the function's entries are `{prefix:name}:args`. */
  prefix?: string;
  /** The function's name in its keys (default fn.name; required for anonymous functions). */
  name?: string;
  /** The cache key of a call (default: its arguments as JSON, hashed when long). */
  key?: (...args: A) => string;
  /** Stampede lock across processes, as RedisCache's `lock`. */
  lock?: boolean | StampedeLockOptions;
}

export interface CachedFunction<A extends unknown[], R> {
  (...args: A): Promise<R>;
  /** Forget the cached result of these arguments, or with no arguments every result of the function. */
  invalidate(...args: A | []): Promise<void>;
  /** The cache holding the function's results. */
  readonly cache: RedisCache;
}

function argumentsKey(args: unknown[]): string {
  const text = encodeValue(args);
  return text.length <= 120 ? text : `#${createHash('sha1').update(text).digest('hex')}`;
}

/** Memoize an async function in Redis: its results are cached per arguments for `ttl` seconds. */
export function cached<A extends unknown[], R>(
  fn: (...args: A) => Promise<R> | R,
  options: CachedOptions<A>,
): CachedFunction<A, R> {
  const name = options.name ?? fn.name;
  if (!name) throw new TypeError('cached(): an anonymous function needs options.name');
  const cache = new RedisCache(options.redis, {
    prefix: `${options.prefix ?? 'cached'}:${name}`,
    ttl: options.ttl,
    indexed: true,
    lock: options.lock,
  });
  const keyOf = options.key ?? ((...args: A) => argumentsKey(args));
  const wrapper = ((...args: A) => cache.getOrSet(keyOf(...args), () => fn(...args))) as CachedFunction<A, R>;
  wrapper.invalidate = async (...args: A | []) => {
    if (args.length === 0) await cache.clear();
    else await cache.delete(keyOf(...(args as A)));
  };
  Object.defineProperty(wrapper, 'cache', { value: cache });
  return wrapper;
}
