// Sessions: RedisSessionStore (sessions per user, typed fields, sliding expiration, log out everywhere)
// and an express-session store.
//
// Layout. A session is a hash: `@user`, `@created` (server ms) and one `.field` per data field holding
// the field's JSON, so numbers, booleans, arrays and objects come back as they went in (a Date comes
// back as its ISO string, as JSON makes it). Each user has an index, a sorted set of their session ids
// scored by when each expires, so destroyAllForUser finds them without KEYS and expired ids are pruned.
//
// Cluster. A session and its user's index are changed together (create, update, destroy), so they share
// a hash tag. The tag is derived from the user id (4 hex digits of its SHA-256, 65,536 tags spread
// over the 16,384 slots) and written at the front of the session id: `3fa2.<43 base64url chars>`, the
// rest being 256 random bits. `get(id)` thus knows the slot from the id alone. The tag gives away 16
// bits of a hash of the user id, not the user id.
//
// Atomicity. Every operation is one Lua script, reading the time from the server (TIME). `update`
// writes only if the session still exists and renews its TTL in the same step, so a session that
// expires while it is being updated stays gone (the defect of EXISTS-then-HSET, which brought it back
// without a TTL). The scripts also touch the user's index, whose name they build from the tag prefix
// they are given and the session's `@user`: it is in the session's slot by construction. That prefix
// is the key as the server sees it, the client's ioredis keyPrefix included (ioredis prefixes KEYS,
// not the names a script builds).

import { createHash, randomBytes } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { clientKeyPrefix, hashTagged, type RedisClient } from './keys.js';
import { LUA_NOW_MS, LuaScript, withContext } from './script.js';

export interface SessionOptions {
  /** Key prefix (default 'session'). */
  prefix?: string;
  /** Idle lifetime: a session not read or updated for this long expires (default 1800 s). */
  ttlSeconds?: number;
}

export interface Session<T> {
  id: string;
  userId: string;
  /** Creation time, milliseconds since the epoch by the server's clock. */
  createdAt: number;
  data: T;
}

type Data = Record<string, unknown>;

const ID = /^([0-9a-f]{4})\.([A-Za-z0-9_-]{43})$/;

// Shared by the scripts: the user's index key, from the tag prefix (ARGV) and the session's @user.
const INDEX = `local function index_key(head, user) return head .. 'u:' .. user end`;

const CREATE = new LuaScript(
  'RedisSessionStore.create',
  `${LUA_NOW_MS}
${INDEX}
-- KEYS[1] session; ARGV: ttl ms, tag head, session id, user id, field, json, ...
local ttl = tonumber(ARGV[1])
local now = now_ms()
local index = index_key(ARGV[2], ARGV[4])
redis.call('HSET', KEYS[1], '@user', ARGV[4], '@created', now, unpack(ARGV, 5))
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
redis.call('ZADD', index, now + ttl, ARGV[3])
local last = redis.call('ZRANGE', index, -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', index, last[2])
return now`,
);

// Renew a session's TTL and its index entry; the index lives at least as long as its last session.
const SLIDE = `
local function slide(session, head, id, ttl)
  local user = redis.call('HGET', session, '@user')
  redis.call('PEXPIRE', session, ttl)
  if not user then return end
  local index = index_key(head, user)
  local expires = now_ms() + ttl
  redis.call('ZADD', index, 'XX', 'GT', expires, id)
  redis.call('PEXPIRE', index, ttl, 'GT')
end`;

const GET = new LuaScript(
  'RedisSessionStore.get',
  `${LUA_NOW_MS}
${INDEX}
${SLIDE}
-- KEYS[1] session; ARGV: ttl ms (0: do not slide), tag head, session id
local fields = redis.call('HGETALL', KEYS[1])
if #fields == 0 then return false end
local ttl = tonumber(ARGV[1])
if ttl > 0 then slide(KEYS[1], ARGV[2], ARGV[3], ttl) end
return fields`,
);

const UPDATE = new LuaScript(
  'RedisSessionStore.update',
  `${LUA_NOW_MS}
${INDEX}
${SLIDE}
-- KEYS[1] session; ARGV: ttl ms, tag head, session id, number of set pairs, field, json, ..., deleted field, ...
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local pairs_end = 4 + 2 * tonumber(ARGV[4])
if pairs_end > 4 then redis.call('HSET', KEYS[1], unpack(ARGV, 5, pairs_end)) end
if #ARGV > pairs_end then redis.call('HDEL', KEYS[1], unpack(ARGV, pairs_end + 1)) end
slide(KEYS[1], ARGV[2], ARGV[3], tonumber(ARGV[1]))
return 1`,
);

const DESTROY = new LuaScript(
  'RedisSessionStore.destroy',
  `${INDEX}
-- KEYS[1] session; ARGV: tag head, session id
local user = redis.call('HGET', KEYS[1], '@user')
if not user then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', index_key(ARGV[1], user), ARGV[2])
return 1`,
);

const DESTROY_ALL = new LuaScript(
  'RedisSessionStore.destroyAllForUser',
  `-- KEYS[1] the user's index; ARGV: tag head
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
local destroyed = 0
for _, id in ipairs(ids) do
  destroyed = destroyed + redis.call('DEL', ARGV[1] .. 's:' .. string.sub(id, 6))
end
redis.call('DEL', KEYS[1])
return destroyed`,
);

const LIST = new LuaScript(
  'RedisSessionStore.listForUser',
  `${LUA_NOW_MS}
-- KEYS[1] the user's index
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_ms())
return redis.call('ZRANGE', KEYS[1], 0, -1)`,
);

export class RedisSessionStore<T extends Data = Data> {
  private readonly prefix: string;
  private readonly ttlMs: number;

  constructor(
    private readonly redis: RedisClient,
    options: SessionOptions = {},
  ) {
    this.prefix = options.prefix ?? 'session';
    const ttl = options.ttlSeconds ?? 1800;
    if (!(ttl > 0)) throw new RangeError(`RedisSessionStore: ttlSeconds must be positive, got ${ttl}`);
    this.ttlMs = Math.round(ttl * 1000);
    hashTagged(this.prefix, 'x'); // refuses braces in the prefix now rather than on first use
  }

  /** Start a session for `userId`; resolves to its id (256 random bits behind the user's slot tag). */
  async create(userId: string, data: T): Promise<string> {
    const tag = this.tagOf(userId);
    const random = randomBytes(32).toString('base64url');
    const id = `${tag}.${random}`;
    const head = this.head(tag);
    await CREATE.run(
      this.redis,
      [`${head}s:${random}`],
      [this.ttlMs, this.serverHead(head), id, userId, ...encode(data, 'create')],
    );
    return id;
  }

  /** The session, or null if it does not exist (or expired); reading it renews its TTL. */
  get(id: string): Promise<Session<T> | null> {
    return this.read(id, this.ttlMs);
  }

  /** The session without renewing its TTL. */
  peek(id: string): Promise<Session<T> | null> {
    return this.read(id, 0);
  }

  /**
   * Set the fields of `changes` (a field set to undefined is removed) and renew the TTL, atomically,
   * only if the session still exists. Resolves to false if it does not.
   */
  async update(id: string, changes: Partial<T>): Promise<boolean> {
    const parsed = this.parse(id);
    if (!parsed) return false;
    const set: string[] = [];
    const removed: string[] = [];
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) removed.push(`.${field}`);
      else set.push(...encode({ [field]: value }, 'update'));
    }
    const done = await UPDATE.run(
      this.redis,
      [parsed.key],
      [this.ttlMs, this.serverHead(parsed.head), id, set.length / 2, ...set, ...removed],
    );
    return done === 1;
  }

  /** End one session; resolves to whether it existed. */
  async destroy(id: string): Promise<boolean> {
    const parsed = this.parse(id);
    if (!parsed) return false;
    return (await DESTROY.run(this.redis, [parsed.key], [this.serverHead(parsed.head), id])) === 1;
  }

  /** End every session of `userId` ("log out everywhere"); resolves to how many there were. */
  async destroyAllForUser(userId: string): Promise<number> {
    const head = this.head(this.tagOf(userId));
    return (await DESTROY_ALL.run(this.redis, [`${head}u:${userId}`], [this.serverHead(head)])) as number;
  }

  /** The ids of the live sessions of `userId`. */
  async listForUser(userId: string): Promise<string[]> {
    const head = this.head(this.tagOf(userId));
    return (await LIST.run(this.redis, [`${head}u:${userId}`], [])) as string[];
  }

  /** Milliseconds the session has left, or null if it does not exist. */
  async ttl(id: string): Promise<number | null> {
    const parsed = this.parse(id);
    if (!parsed) return null;
    const ms = await withContext('RedisSessionStore.ttl', this.redis.pttl(parsed.key));
    return ms < 0 ? null : ms;
  }

  private async read(id: string, slideMs: number): Promise<Session<T> | null> {
    const parsed = this.parse(id);
    if (!parsed) return null;
    const flat = (await GET.run(this.redis, [parsed.key], [slideMs, this.serverHead(parsed.head), id])) as
      | string[]
      | null;
    if (!flat) return null;
    let userId = '';
    let createdAt = 0;
    const data: Data = {};
    for (let i = 0; i < flat.length; i += 2) {
      const field = flat[i];
      if (field === '@user') userId = flat[i + 1];
      else if (field === '@created') createdAt = Number(flat[i + 1]);
      else if (field.startsWith('.')) {
        try {
          data[field.slice(1)] = JSON.parse(flat[i + 1]);
        } catch (err) {
          throw new Error(`RedisSessionStore.get: field ${field.slice(1)} of a session holds no JSON`, {
            cause: err,
          });
        }
      }
    }
    return { id, userId, createdAt, data: data as T };
  }

  private tagOf(userId: string): string {
    return createHash('sha256').update(userId).digest('hex').slice(0, 4);
  }

  /** `{prefix:tag}:` */
  private head(tag: string): string {
    return hashTagged(this.prefix, tag)('');
  }

  /** A tag head as the server sees it, for the key names the scripts build: with the keyPrefix. */
  private serverHead(head: string): string {
    return clientKeyPrefix(this.redis) + head;
  }

  /** The key and tag head of a well-formed id; null for anything else (never a key built from junk). */
  private parse(id: string): { key: string; head: string } | null {
    const m = ID.exec(id);
    if (!m) return null;
    const head = this.head(m[1]);
    return { key: `${head}s:${m[2]}`, head };
  }
}

function encode(data: Data, operation: string): string[] {
  const out: string[] = [];
  for (const [field, value] of Object.entries(data)) {
    if (value === undefined) continue;
    const json = JSON.stringify(value);
    if (json === undefined)
      throw new TypeError(`RedisSessionStore.${operation}: field ${field} is not JSON-serializable`);
    out.push(`.${field}`, json);
  }
  return out;
}

// ---- express-session ------------------------------------------------------------------------------

/** What the store reads of an express-session session: its cookie's expiry. */
export interface ExpressSessionData {
  cookie?: { expires?: Date | string | null; maxAge?: number | null; originalMaxAge?: number | null };
  [key: string]: unknown;
}

type Callback<R = void> = (err?: unknown, result?: R) => void;

/** The part of express-session's Store class a subclass relies on (an EventEmitter). */
export interface ExpressStoreBase {
  emit(event: string | symbol, ...args: unknown[]): boolean;
}

/** The express-session module (or anything with its Store class): `import session from 'express-session'`. */
export interface ExpressSessionModule<S extends ExpressStoreBase = ExpressStoreBase> {
  // abstract: express-session's typings declare Store an abstract class
  Store: abstract new () => S;
}

export interface ExpressStoreOptions {
  client: RedisClient;
  /** Key prefix (default 'sess:'); keys are `<prefix><sid>`. */
  prefix?: string;
  /** TTL when the cookie has no expiry (default 86,400 s). */
  ttlSeconds?: number;
  /** SCAN batch size for all(), length(), clear() (default 100). */
  scanCount?: number;
}

export interface ExpressStore extends ExpressStoreBase {
  get(sid: string, callback: Callback<ExpressSessionData | null>): void;
  set(sid: string, session: ExpressSessionData, callback?: Callback): void;
  touch(sid: string, session: ExpressSessionData, callback?: Callback): void;
  destroy(sid: string, callback?: Callback): void;
  all(callback: Callback<Record<string, ExpressSessionData>>): void;
  length(callback: Callback<number>): void;
  clear(callback?: Callback): void;
}

/**
 * A subclass of express-session's Store kept in Redis, made from the express-session module the
 * application already has (so it is not a dependency of this package):
 *
 *     import session from 'express-session';
 *     const RedisStore = expressSessionStore(session);
 *     app.use(session({ store: new RedisStore({ client: redis }), secret, resave: false, saveUninitialized: false }));
 *
 * Each session is one JSON string with a TTL from its cookie (or ttlSeconds); touch renews the TTL of
 * an existing key only (PEXPIRE never creates one).
 */
export function expressSessionStore<S extends ExpressStoreBase>(
  session: ExpressSessionModule<S>,
): new (
  options: ExpressStoreOptions,
) => S & ExpressStore {
  // The subclass is written against the structural base; its instances are the module's Store.
  const Base = session.Store as unknown as new () => ExpressStoreBase;
  const Subclass = class RedisExpressStore extends Base implements ExpressStore {
    private readonly client: RedisClient;
    private readonly prefix: string;
    private readonly ttlMs: number;
    private readonly scanCount: number;

    constructor(options: ExpressStoreOptions) {
      super();
      this.client = options.client;
      this.prefix = options.prefix ?? 'sess:';
      this.ttlMs = Math.round((options.ttlSeconds ?? 86_400) * 1000);
      this.scanCount = options.scanCount ?? 100;
    }

    get(sid: string, callback: Callback<ExpressSessionData | null>): void {
      settle(
        (async () => {
          const json = await withContext('express store get', this.client.get(this.prefix + sid));
          return json === null ? null : (JSON.parse(json) as ExpressSessionData);
        })(),
        callback,
      );
    }

    set(sid: string, sess: ExpressSessionData, callback?: Callback): void {
      const ttl = this.ttlOf(sess);
      const key = this.prefix + sid;
      const work: Promise<unknown> =
        ttl <= 0 ? this.client.del(key) : this.client.set(key, JSON.stringify(sess), 'PX', ttl);
      settle(
        withContext('express store set', work).then(() => undefined),
        callback,
      );
    }

    touch(sid: string, sess: ExpressSessionData, callback?: Callback): void {
      const ttl = this.ttlOf(sess);
      const key = this.prefix + sid;
      const work = ttl <= 0 ? this.client.del(key) : this.client.pexpire(key, ttl);
      settle(
        withContext('express store touch', work).then(() => undefined),
        callback,
      );
    }

    destroy(sid: string, callback?: Callback): void {
      settle(
        withContext('express store destroy', this.client.del(this.prefix + sid)).then(() => undefined),
        callback,
      );
    }

    all(callback: Callback<Record<string, ExpressSessionData>>): void {
      settle(
        (async () => {
          const out: Record<string, ExpressSessionData> = {};
          for (const key of await this.keys()) {
            const json = await withContext('express store all', this.client.get(key));
            if (json !== null) out[key.slice(this.prefix.length)] = JSON.parse(json) as ExpressSessionData;
          }
          return out;
        })(),
        callback,
      );
    }

    length(callback: Callback<number>): void {
      settle(
        this.keys().then((keys) => keys.length),
        callback,
      );
    }

    clear(callback?: Callback): void {
      settle(
        (async () => {
          for (const key of await this.keys()) await withContext('express store clear', this.client.del(key));
        })(),
        callback,
      );
    }

    /** Milliseconds until the cookie expires, or the default TTL for a browser-session cookie. */
    private ttlOf(sess: ExpressSessionData): number {
      const expires = sess.cookie?.expires;
      if (expires) return new Date(expires).getTime() - Date.now();
      return this.ttlMs;
    }

    /** Every session key, by SCAN on each master (on a Cluster, keys are spread over the nodes). */
    private async keys(): Promise<string[]> {
      const nodes: Redis[] = this.client.isCluster
        ? (this.client as Cluster).nodes('master')
        : [this.client as Redis];
      // SCAN matches and returns keys as the server has them: with the client's keyPrefix, which GET
      // and DEL then add again, so it is stripped.
      const keyPrefix = clientKeyPrefix(this.client);
      const match = `${(keyPrefix + this.prefix).replace(/[*?[\]\\]/g, '\\$&')}*`;
      const keys: string[] = [];
      for (const node of nodes) {
        let cursor = '0';
        do {
          const [next, batch]: [string, string[]] = await withContext(
            'express store scan',
            node.scan(cursor, 'MATCH', match, 'COUNT', this.scanCount),
          );
          for (const key of batch) keys.push(key.slice(keyPrefix.length));
          cursor = next;
        } while (cursor !== '0');
      }
      return keys;
    }
  };
  return Subclass as unknown as new (
    options: ExpressStoreOptions,
  ) => S & ExpressStore;
}

function settle<R>(work: Promise<R>, callback?: Callback<R>): void {
  work.then(
    (result) => callback?.(null, result),
    (err) => callback?.(err),
  );
}
