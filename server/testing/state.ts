// The embedding API's direct access to the keyspace: seeding keys from a plain object, flushing,
// resetting, and reading values back as plain JavaScript without a client.
//
// Writes (seed, flush) go through the commands themselves, run on an internal client, so everything
// a command does happens: encodings chosen by the same thresholds, WATCH invalidated, keyspace
// notifications raised, blocked clients served. Reads (DbView) look at the data directly and change
// nothing: a key past its deadline reads as missing but is left for expiry to remove, so asserting on
// state never raises an `expired` event or counts a keyspace hit.
//
// The API speaks text: keys, fields and values are JavaScript strings, encoded as UTF-8 on the way in
// and decoded from UTF-8 on the way out (the server keeps byte strings; see protocol/bytes.ts). Buffers
// go in as their bytes; getBuffer() gives a string value's bytes back.

import type { Client } from '../client.js';
import { lookupCommand } from '../commands/table.js';
import { dispatch } from '../dispatch.js';
import { globMatch } from '../glob.js';
import { fromBuffer, fromUtf8, toUtf8 } from '../protocol/bytes.js';
import type { RespiteServer } from '../server.js';
import type { Hash } from '../store/hash.js';
import type { Database, Value, ValueType } from '../store/keyspace.js';
import type { List } from '../store/list.js';
import { type RawString, stringBytes } from '../store/rawstring.js';
import type { SetValue } from '../store/set.js';
import { MAX_KEY, type Stream, ZERO_KEY } from '../store/stream.js';
import type { ZSet } from '../store/zset.js';

/** A string, number or Buffer: what seed() accepts wherever Redis holds a string. */
export type SeedScalar = string | number | Buffer;

/** One stream entry for seed(): its ID ('*' or omitted: a new ID, as XADD makes) and its fields. */
export interface SeedStreamEntry {
  id?: string;
  fields: Record<string, SeedScalar>;
}

/**
 * Keys to load, grouped by type. A key named here replaces whatever the database held under that name.
 *
 *     server.seed({
 *       strings: { greeting: 'hello', visits: 3 },
 *       hashes: { 'user:1': { name: 'Ada', born: 1815 } },
 *       lists: { queue: ['a', 'b', 'c'] },           // head first, as RPUSH
 *       sets: { tags: ['red', 'blue'] },
 *       zsets: { board: { ada: 10, bob: 7.5 } },
 *       streams: { events: [{ id: '1-1', fields: { type: 'click' } }] },
 *       ttl: { greeting: 60_000 },                    // milliseconds from now (server clock)
 *     });
 */
export interface SeedData {
  strings?: Record<string, SeedScalar>;
  hashes?: Record<string, Record<string, SeedScalar>>;
  lists?: Record<string, readonly SeedScalar[]>;
  sets?: Record<string, readonly SeedScalar[] | ReadonlySet<SeedScalar>>;
  zsets?: Record<string, Record<string, number> | readonly (readonly [SeedScalar, number])[]>;
  streams?: Record<string, readonly SeedStreamEntry[]>;
  /** Time to live in milliseconds of server time, by key. */
  ttl?: Record<string, number>;
}

/** A value read back from the keyspace, by type. */
export type PlainValue =
  | string
  | string[]
  | Record<string, string>
  | [member: string, score: number][]
  | { id: string; fields: Record<string, string> }[];

// ---- running commands from inside ---------------------------------------------------------------

const internalClients = new WeakMap<RespiteServer, Client>();

/**
 * Run one command on the server's internal client (authenticated, database `db`) and return its
 * reply as text; an error reply throws. The testing harness is off meanwhile, so the command log and
 * the fault rules see only what the code under test sends.
 */
export function runInternal(server: RespiteServer, argv: readonly string[], db = 0): string {
  let c = internalClients.get(server);
  if (c === undefined) {
    c = server.createClient();
    c.setAuthenticated(true);
    internalClients.set(server, c);
  }
  c.select(db);
  const hooks = server.testHooks;
  server.testHooks = null;
  try {
    dispatch(c, [...argv]);
  } finally {
    server.testHooks = hooks;
  }
  const reply = c.out.take().toString('latin1');
  if (reply.startsWith('-')) throw new Error(`respite: ${argv[0]} failed: ${toUtf8(reply.slice(1, -2))}`);
  return reply;
}

/** FLUSHALL. */
export function flushAll(server: RespiteServer): void {
  runInternal(server, ['FLUSHALL']);
}

/** The data half of reset(): every database, and scripts and functions where respite has them. */
export function resetServer(server: RespiteServer): void {
  runInternal(server, ['FLUSHALL']);
  for (const argv of [
    ['SCRIPT', 'FLUSH'],
    ['FUNCTION', 'FLUSH'],
  ]) {
    if (lookupCommand(argv)?.handler) runInternal(server, argv);
  }
}

// ---- seed ---------------------------------------------------------------------------------------

function bytes(v: SeedScalar): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return fromUtf8(v);
  return fromBuffer(v);
}

function score(n: number): string {
  if (Number.isNaN(n)) throw new Error('respite: seed: a sorted set score is NaN');
  return n === Number.POSITIVE_INFINITY ? '+inf' : n === Number.NEGATIVE_INFINITY ? '-inf' : String(n);
}

/** Load `data` into database `db`; see SeedData. Throws (having loaded what came before) on a bad value. */
export function seed(server: RespiteServer, data: SeedData, db = 0): void {
  if (!Number.isInteger(db) || db < 0 || db >= server.dbs.length) {
    throw new RangeError(`respite: seed: no database ${db}`);
  }
  const run = (argv: string[]) => runInternal(server, argv, db);
  const each = <T>(group: Record<string, T> | undefined, load: (key: string, value: T) => void) => {
    for (const [key, value] of Object.entries(group ?? {})) {
      const k = fromUtf8(key);
      run(['DEL', k]);
      load(k, value);
    }
  };
  each(data.strings, (k, v) => run(['SET', k, bytes(v)]));
  each(data.hashes, (k, h) => {
    const argv = ['HSET', k];
    for (const [field, value] of Object.entries(h)) argv.push(fromUtf8(field), bytes(value));
    if (argv.length > 2) run(argv);
  });
  each(data.lists, (k, items) => {
    if (items.length > 0) run(['RPUSH', k, ...items.map(bytes)]);
  });
  each(data.sets, (k, members) => {
    const all = [...members].map(bytes);
    if (all.length > 0) run(['SADD', k, ...all]);
  });
  each(data.zsets, (k, z) => {
    const pairs: (readonly [SeedScalar, number])[] = Array.isArray(z) ? z : Object.entries(z);
    const argv = ['ZADD', k];
    for (const [member, s] of pairs) argv.push(score(s), bytes(member));
    if (argv.length > 2) run(argv);
  });
  each(data.streams, (k, entries) => {
    for (const entry of entries) {
      const argv = ['XADD', k, entry.id ?? '*'];
      for (const [field, value] of Object.entries(entry.fields)) argv.push(fromUtf8(field), bytes(value));
      run(argv);
    }
  });
  for (const [key, ms] of Object.entries(data.ttl ?? {})) {
    if (run(['PEXPIRE', fromUtf8(key), String(Math.round(ms))]) === ':0\r\n') {
      throw new Error(`respite: seed: ttl for ${key}, which does not exist`);
    }
  }
}

// ---- reading ------------------------------------------------------------------------------------

/**
 * Read-only, typed access to one database, for assertions. Keys and values are text (UTF-8).
 *
 *     const db = server.db(0);
 *     db.get('user:1');   // { name: 'Ada' } for a hash, 'hello' for a string, null when missing
 *     db.type('queue');   // 'list'
 *     db.ttl('session');  // milliseconds left, -1 without a TTL, -2 when missing (as PTTL)
 */
export class DbView {
  constructor(
    private readonly server: RespiteServer,
    readonly db: Database,
  ) {}

  /** The live value at `key` (a key past its deadline reads as missing), without touching it. */
  private value(key: string): Value | undefined {
    const k = fromUtf8(key);
    const v = this.db.map.get(k);
    if (v === undefined) return undefined;
    const at = this.db.expires.get(k);
    return at !== undefined && at <= this.server.clock.now() ? undefined : v;
  }

  /** Whether `key` exists. */
  has(key: string): boolean {
    return this.value(key) !== undefined;
  }

  /** TYPE's answer: 'string', 'list', 'hash', 'set', 'zset', 'stream', or 'none'. */
  type(key: string): ValueType | 'none' {
    const v = this.value(key);
    return v === undefined ? 'none' : typeof v === 'string' ? 'string' : v.type;
  }

  /**
   * The value as plain JavaScript, or null when missing: a string; a list as an array (head first);
   * a hash as an object; a set as a sorted array; a sorted set as [member, score] pairs in rank
   * order; a stream as its entries, { id, fields }.
   */
  get(key: string): PlainValue | null {
    const v = this.value(key);
    if (v === undefined) return null;
    if (typeof v === 'string') return toUtf8(v);
    switch (v.type) {
      case 'string':
        return toUtf8(stringBytes(v as RawString));
      case 'list':
        return (v as List).toArray().map(toUtf8);
      case 'hash': {
        const out: Record<string, string> = {};
        for (const [f, x] of (v as Hash).map) out[toUtf8(f)] = toUtf8(x);
        return out;
      }
      case 'set':
        return (v as SetValue).toArray().map(toUtf8).sort();
      case 'zset':
        return [...(v as ZSet).list].map((n): [string, number] => [toUtf8(n.member), n.score]);
      case 'stream':
        return streamEntries(v as Stream);
    }
  }

  /** A string value's bytes, or null when missing; throws on another type. */
  getBuffer(key: string): Buffer | null {
    const v = this.value(key);
    if (v === undefined) return null;
    if (typeof v !== 'string' && v.type !== 'string')
      throw new TypeError(`respite: ${key} holds a ${v.type}`);
    return Buffer.from(typeof v === 'string' ? v : stringBytes(v as RawString), 'latin1');
  }

  /** PTTL's answer: milliseconds left, -1 for a key without a TTL, -2 for a missing key. */
  ttl(key: string): number {
    if (this.value(key) === undefined) return -2;
    const at = this.db.expires.get(fromUtf8(key));
    return at === undefined ? -1 : at - this.server.clock.now();
  }

  /** The live keys matching a glob pattern (KEYS's syntax), sorted. */
  keys(pattern = '*'): string[] {
    const out: string[] = [];
    const now = this.server.clock.now();
    const p = fromUtf8(pattern);
    for (const k of this.db.map.keys()) {
      const at = this.db.expires.get(k);
      if (at !== undefined && at <= now) continue;
      if (pattern === '*' || globMatch(p, k)) out.push(toUtf8(k));
    }
    return out.sort();
  }

  /** How many live keys the database holds. */
  get size(): number {
    return this.keys().length;
  }
}

/** A stream's live entries, oldest first. */
function streamEntries(v: Stream): { id: string; fields: Record<string, string> }[] {
  const out: { id: string; fields: Record<string, string> }[] = [];
  v.range(ZERO_KEY, MAX_KEY, false, 0, (e) => {
    const flat = e.fields ?? [];
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[toUtf8(flat[i])] = toUtf8(flat[i + 1]);
    out.push({ id: e.text, fields });
  });
  return out;
}

const views = new WeakMap<Database, DbView>();

/** The DbView of database `index`. */
export function dbView(server: RespiteServer, index: number): DbView {
  const db = server.dbs[index];
  if (db === undefined) throw new RangeError(`respite: no database ${index}`);
  let view = views.get(db);
  if (view === undefined) {
    view = new DbView(server, db);
    views.set(db, view);
  }
  return view;
}
