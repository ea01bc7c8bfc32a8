// One database of the keyspace: keys to values, and keys to expiry times.
//
// Keys are byte strings (see protocol/bytes.ts) in a Map, which V8 hashes with the string's cached
// hash. A plain string value (the common case: SET) is stored as the byte string itself, with no
// wrapper object, so a key with a short value costs a Map entry and two short strings. Every other
// value is an object whose `type` says what it is (a mutable string, list, hash, set, zset, stream).
//
// Expiry is as in Redis: a key's deadline sits in `expires`, and the key is deleted when it is touched
// after that (lazily, in get()) or when the active cycle (activeExpireCycle) finds it. Both read the
// server clock, so a test that advances the clock sees keys expire without sleeping.

import { type Scannable, scanMap } from './scan.js';

/** The value types; `type` is what TYPE replies. */
export type ValueType = 'string' | 'list' | 'hash' | 'set' | 'zset' | 'stream';

/** Any value other than a plain byte string. */
export interface RedisObject {
  readonly type: ValueType;
  /** A deep copy (COPY). */
  clone(): RedisObject;
  /** OBJECT ENCODING's answer ("listpack", "quicklist", ...); without it, the type's usual one. */
  encoding?(): string;
  /**
   * Server time (ms) of the last read or write through get() or set(), for OBJECT IDLETIME. Plain
   * strings have no such field and are not tracked: see objectIdletime in commands/keys.ts.
   */
  lastAccess?: number;
}

export type Value = string | RedisObject;

export function typeOf(v: Value): ValueType {
  return typeof v === 'string' ? 'string' : v.type;
}

/** What a database needs from the server around it. */
export interface KeyspaceHost {
  /** The server clock, in milliseconds since the epoch. */
  now(): number;
  /** Whether keys past their deadline stay in place (CLIENT PAUSE): looked up, they are gone. */
  expiryPaused(): boolean;
  /** A key was expired (lazily or actively): notifications and statistics. */
  keyExpired(db: Database, key: string): void;
  /** A key's value changed: WATCH and client-side caching are told. */
  keyModified(db: Database, key: string): void;
  /** A key was created (Redis's dbAdd): the "new" keyspace notification. */
  keyAdded(db: Database, key: string): void;
}

export class Database implements Scannable<string, Value> {
  map = new Map<string, Value>();
  expires = new Map<string, number>();
  /** How many keys were ever deleted here (SCAN cursors use it; see scan.ts). */
  deletions = 0;
  /** Where the active expire cycle left off in `expires`: it goes on from there next time. */
  private expireCursor: Iterator<[string, number]> | null = null;

  constructor(
    readonly id: number,
    private readonly host: KeyspaceHost,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** The value at `key`, or undefined; a key past its deadline is deleted first. Counts as an access. */
  get(key: string): Value | undefined {
    const value = this.peek(key);
    if (value !== undefined && typeof value !== 'string') value.lastAccess = this.host.now();
    return value;
  }

  /**
   * The value at `key` without counting as an access (Redis's LOOKUP_NOTOUCH: TYPE, EXISTS, TTL,
   * OBJECT); a key past its deadline is still deleted.
   */
  peek(key: string): Value | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    if (this.expires.size !== 0) {
      const at = this.expires.get(key);
      if (at !== undefined && at <= this.host.now()) {
        if (!this.host.expiryPaused()) this.expire(key);
        return undefined;
      }
    }
    return value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * Store `value` at `key`. Like Redis's setKey, this drops any TTL unless `keepTtl`, and tells
   * watchers that the key changed.
   */
  set(key: string, value: Value, keepTtl = false): void {
    if (typeof value !== 'string') value.lastAccess = this.host.now();
    // A key past its deadline is expired first (its "expired" event, its watchers told), as Redis's
    // setKey looks the key up for writing before it overwrites it.
    if (this.expires.size !== 0) {
      const at = this.expires.get(key);
      if (at !== undefined && at <= this.host.now()) this.expire(key);
    }
    const size = this.map.size;
    this.map.set(key, value);
    if (this.map.size !== size) this.host.keyAdded(this, key);
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
    this.host.keyModified(this, key);
  }

  /**
   * Replace the value of an existing key without touching its TTL or telling anyone (the caller
   * does): for commands that build a new value for a key they have just read.
   */
  replace(key: string, value: Value): void {
    this.map.set(key, value);
  }

  /** Delete `key`; returns whether it existed (an expired key counts as not existing). */
  delete(key: string): boolean {
    if (this.peek(key) === undefined) return false;
    this.remove(key);
    this.host.keyModified(this, key);
    return true;
  }

  /** The deadline of `key` in epoch milliseconds, or undefined when it has none. */
  getExpire(key: string): number | undefined {
    return this.expires.size === 0 ? undefined : this.expires.get(key);
  }

  /** Set the deadline of an existing key. */
  setExpire(key: string, at: number): void {
    this.expires.set(key, at);
  }

  /** Remove the deadline of `key`; returns whether it had one. */
  persist(key: string): boolean {
    return this.expires.delete(key);
  }

  /** Delete every key. */
  flush(): void {
    this.deletions += this.map.size;
    this.map = new Map();
    this.expires = new Map();
    this.expireCursor = null;
  }

  /** Swap contents with another database (SWAPDB). */
  swapWith(other: Database): void {
    [this.map, other.map] = [other.map, this.map];
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.deletions, other.deletions] = [other.deletions + this.map.size, this.deletions + other.map.size];
    this.expireCursor = other.expireCursor = null;
  }

  /**
   * A random key that has not expired, or null. Redis picks a random bucket; a Map has no random
   * access, so this walks to a random position: O(n), fine for the sizes RANDOMKEY is used with.
   */
  randomKey(): string | null {
    for (let tries = 0; tries < 100 && this.map.size > 0; tries++) {
      let skip = Math.floor(Math.random() * this.map.size);
      for (const key of this.map.keys()) {
        if (skip-- > 0) continue;
        if (this.peek(key) !== undefined) return key;
        break;
      }
    }
    // Everything sampled had expired: fall back to the first live key.
    for (const key of this.map.keys()) if (this.peek(key) !== undefined) return key;
    return null;
  }

  /**
   * One SCAN step; see scan.ts. Keys past their deadline are visited too: SCAN filters by pattern
   * before it expires a key (Redis's scanGenericCommand), so which expired keys get deleted, and
   * raise their event, is the caller's decision.
   */
  scan(cursor: bigint, count: number, visit: (key: string, value: Value) => void): bigint {
    return scanMap(this, cursor, count, visit);
  }

  /**
   * One round of active expiry, as Redis's activeExpireCycle: look at up to `sample` keys with a TTL,
   * continuing where the last round stopped, and delete those past their deadline. Returns how many
   * were looked at and how many expired, so the caller can repeat while many are expiring.
   */
  activeExpire(sample: number): { checked: number; expired: number } {
    let checked = 0;
    let expired = 0;
    if (this.expires.size === 0) return { checked, expired };
    const now = this.host.now();
    let wrapped = false;
    while (checked < sample) {
      if (!this.expireCursor) this.expireCursor = this.expires.entries();
      const r = this.expireCursor.next();
      if (r.done) {
        this.expireCursor = null;
        if (wrapped) break;
        wrapped = true;
        continue;
      }
      checked++;
      const [key, at] = r.value;
      if (at <= now) {
        this.expire(key);
        expired++;
      }
    }
    return { checked, expired };
  }

  private expire(key: string): void {
    this.remove(key);
    this.host.keyExpired(this, key);
    this.host.keyModified(this, key);
  }

  private remove(key: string): void {
    this.map.delete(key);
    if (this.expires.size !== 0) this.expires.delete(key);
    this.deletions++;
  }
}
