// Generic key commands: DEL, EXISTS, EXPIRE and the rest of the keyspace family, and OBJECT.

import { signalKeyReady } from '../blocking.js';
import type { Client } from '../client.js';
import * as E from '../errors.js';
import { compileGlob } from '../glob.js';
import { keyMiss, NOTIFY_GENERIC, notifyKeyspaceEvent } from '../notify.js';
import { isInt64, parseInt64, parseInt64Big } from '../numbers.js';
import type { Database, Value } from '../store/keyspace.js';
import { typeOf } from '../store/keyspace.js';
import { EMBSTR_LIMIT } from '../store/rawstring.js';
import { parseCursor } from '../store/scan.js';
import { option } from './args.js';
import { parseScanOptions, replyScan } from './scanning.js';
import { type CommandSpec, command, keyCommand } from './types.js';

const INT64_MAX = 2n ** 63n - 1n;

// ---- existence and deletion -----------------------------------------------------------------------

// DEL key [key ...]
// UNLINK key [key ...]
function del(c: Client, argv: string[]): void {
  let deleted = 0;
  for (let i = 1; i < argv.length; i++) {
    if (!c.db.delete(argv[i])) continue;
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', argv[i], c.db.id);
    deleted++;
  }
  c.out.integer(deleted);
}

// EXISTS key [key ...]
function exists(c: Client, argv: string[]): void {
  let found = 0;
  for (let i = 1; i < argv.length; i++) {
    if (c.db.peek(argv[i]) !== undefined) found++;
    else keyMiss(c, argv[i]);
  }
  c.out.integer(found);
}

// TOUCH key [key ...]
function touch(c: Client, argv: string[]): void {
  let found = 0;
  for (let i = 1; i < argv.length; i++) {
    if (c.db.get(argv[i]) !== undefined) found++;
    else keyMiss(c, argv[i]);
  }
  c.out.integer(found);
}

// TYPE key
function type(c: Client, argv: string[]): void {
  const v = c.db.peek(argv[1]);
  if (v === undefined) keyMiss(c, argv[1]);
  c.out.simple(v === undefined ? 'none' : typeOf(v));
}

// ---- iteration ------------------------------------------------------------------------------------

/** Whether `key`'s deadline has passed, without deleting it (KEYS only reads, as in Redis). */
function isExpired(db: Database, key: string, now: number): boolean {
  if (db.expires.size === 0) return false;
  const at = db.expires.get(key);
  return at !== undefined && at <= now;
}

// KEYS pattern
function keys(c: Client, argv: string[]): void {
  // Exactly "*" means every key, "" included (the matcher itself never matches "" with "*").
  const match = argv[1] === '*' ? null : compileGlob(argv[1]);
  const now = c.server.clock.now();
  const found: string[] = [];
  for (const key of c.db.map.keys()) {
    if ((match === null || match(key)) && !isExpired(c.db, key, now)) found.push(key);
  }
  c.out.bulkArray(found);
}

// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
function scan(c: Client, argv: string[]): void {
  const cursor = parseCursor(argv[1]);
  if (cursor === null) return c.out.error(E.ERR_INVALID_CURSOR);
  const opts = parseScanOptions(c, argv, 2, true);
  if (opts === null) return;
  // As in Redis: walk first, then filter by pattern, then by type, so COUNT bounds the work and a
  // call may return fewer keys than COUNT, even none.
  const { match, type } = opts;
  const found: string[] = [];
  const next = c.db.scan(cursor, opts.count, (key) => {
    if (match !== null && !match(key)) return;
    // Only a key that passed the pattern is expired if due: by the type lookup (a read, so an expired
    // key raises 'expired' then 'keymiss') or by the final check.
    // (With TYPE none, an expired key is listed: Redis names the type of the missing value "none".)
    const value = c.db.peek(key);
    if (type !== null) {
      if (value === undefined) keyMiss(c, key);
      if ((value === undefined ? 'none' : typeOf(value)) !== type) return;
    } else if (value === undefined) return;
    found.push(key);
  });
  replyScan(c, next, found);
}

// RANDOMKEY
function randomkey(c: Client): void {
  const key = c.db.randomKey();
  if (key === null) c.out.nullBulk();
  else c.out.bulk(key);
}

// ---- renaming, copying, moving --------------------------------------------------------------------

/**
 * Redis's getIntFromObjectOrReply followed by selectDb: the database a DB argument names, or null
 * after replying with the error.
 */
function databaseArg(c: Client, arg: string): Database | null {
  const index = parseInt64(arg);
  if (index === null) {
    c.out.error(E.ERR_NOT_INTEGER);
    return null;
  }
  if (index < -2147483648 || index > 2147483647) {
    c.out.error(E.ERR_INT_RANGE);
    return null;
  }
  if (index < 0 || index >= c.server.dbs.length) {
    c.out.error(E.ERR_DB_INDEX);
    return null;
  }
  return c.server.dbs[index];
}

/**
 * Store `value` at `key` in `db` with the deadline `at` (or none), replacing what was there. A key
 * that arrives this way can serve a client blocked on it (BLPOP on the new name of a RENAME), as
 * Redis's dbAdd signals every list, zset or stream key it adds.
 */
function place(c: Client, db: Database, key: string, value: Value, at: number | undefined): void {
  db.set(key, value);
  if (at !== undefined) db.setExpire(key, at);
  signalKeyReady(c.server, db, key);
}

// RENAME key newkey
// RENAMENX key newkey
function renameGeneric(nx: boolean): (c: Client, argv: string[]) => void {
  return (c, argv) => {
    const [, from, to] = argv;
    const db = c.db;
    const value = db.get(from);
    if (value === undefined) return c.out.error(E.ERR_NO_SUCH_KEY);
    if (from === to) return nx ? c.out.integer(0) : c.out.ok();
    if (db.get(to) !== undefined) {
      if (nx) return c.out.integer(0);
      db.delete(to);
    }
    const at = db.getExpire(from);
    db.delete(from);
    place(c, db, to, value, at);
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'rename_from', from, db.id);
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'rename_to', to, db.id);
    if (nx) c.out.integer(1);
    else c.out.ok();
  };
}

// COPY source destination [DB destination-db] [REPLACE]
function copy(c: Client, argv: string[]): void {
  const [, from, to] = argv;
  let dst = c.db;
  let replace = false;
  for (let i = 3; i < argv.length; i++) {
    const opt = option(argv[i]);
    if (opt === 'replace') {
      replace = true;
    } else if (opt === 'db' && i + 1 < argv.length) {
      const db = databaseArg(c, argv[++i]);
      if (db === null) return;
      dst = db;
    } else {
      return c.out.error(E.ERR_SYNTAX);
    }
  }
  const src = c.db;
  if (src === dst && from === to) return c.out.error(E.ERR_SAME_OBJECT);
  const value = src.get(from);
  if (value === undefined) {
    keyMiss(c, from); // Redis looks the source up for reading
    return c.out.integer(0);
  }
  if (dst.get(to) !== undefined) {
    if (!replace) return c.out.integer(0);
    dst.delete(to);
  }
  // Plain strings are immutable and can be shared; everything else is copied deeply.
  place(c, dst, to, typeof value === 'string' ? value : value.clone(), src.getExpire(from));
  notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'copy_to', to, dst.id);
  c.out.integer(1);
}

// MOVE key db
function move(c: Client, argv: string[]): void {
  const key = argv[1];
  const dst = databaseArg(c, argv[2]);
  if (dst === null) return;
  const src = c.db;
  if (src === dst) return c.out.error(E.ERR_SAME_OBJECT);
  const value = src.get(key);
  if (value === undefined || dst.get(key) !== undefined) return c.out.integer(0);
  const at = src.getExpire(key);
  src.delete(key);
  place(c, dst, key, value, at);
  notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'move_from', key, src.id);
  notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'move_to', key, dst.id);
  c.out.integer(1);
}

// ---- expiry ---------------------------------------------------------------------------------------

const EXPIRE_NX = 1;
const EXPIRE_XX = 2;
const EXPIRE_GT = 4;
const EXPIRE_LT = 8;

/**
 * The deadline (epoch ms) that an EXPIRE-family argument names: `arg` in units of `unitMs` after
 * `base`. Returns 'not-integer' or 'overflow' (the checks Redis makes, in its order) instead.
 */
function deadline(arg: string, base: number, unitMs: 1 | 1000): number | 'not-integer' | 'overflow' {
  const n = parseInt64(arg);
  if (n === null) return 'not-integer';
  // Small enough that n * 1000 + base is exact in a double: the common case, without BigInt.
  if (Math.abs(n) < 2 ** 40) return n * unitMs + base;
  let when = parseInt64Big(arg)!;
  if (unitMs === 1000) {
    // C's LLONG_MAX / 1000 and LLONG_MIN / 1000 (division truncates toward zero).
    if (when > 9223372036854775n || when < -9223372036854775n) return 'overflow';
    when *= 1000n;
  }
  if (when > INT64_MAX - BigInt(base)) return 'overflow';
  return Number(when + BigInt(base));
}

/** EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT: `relative` adds the current time; `unitMs` scales. */
function expireGeneric(
  name: string,
  relative: boolean,
  unitMs: 1 | 1000,
): (c: Client, argv: string[]) => void {
  return (c, argv) => {
    let flags = 0;
    for (let i = 3; i < argv.length; i++) {
      const opt = option(argv[i]);
      if (opt === 'nx') flags |= EXPIRE_NX;
      else if (opt === 'xx') flags |= EXPIRE_XX;
      else if (opt === 'gt') flags |= EXPIRE_GT;
      else if (opt === 'lt') flags |= EXPIRE_LT;
      else return c.out.error(E.ERR_UNSUPPORTED_OPTION(argv[i]));
    }
    if (flags & EXPIRE_NX && flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT))
      return c.out.error(E.ERR_NX_XX_GT_LT);
    if (flags & EXPIRE_GT && flags & EXPIRE_LT) return c.out.error(E.ERR_GT_AND_LT);

    const now = c.server.clock.now();
    const when = deadline(argv[2], relative ? now : 0, unitMs);
    if (when === 'not-integer') return c.out.error(E.ERR_NOT_INTEGER);
    if (when === 'overflow') return c.out.error(E.ERR_INVALID_EXPIRE(name));

    const db = c.db;
    const key = argv[1];
    if (db.get(key) === undefined) return c.out.integer(0);
    if (flags !== 0) {
      const current = db.getExpire(key);
      if (flags & EXPIRE_NX && current !== undefined) return c.out.integer(0);
      if (flags & EXPIRE_XX && current === undefined) return c.out.integer(0);
      // No TTL counts as an infinite one: never less than a new deadline, always greater.
      if (flags & EXPIRE_GT && (current === undefined || when <= current)) return c.out.integer(0);
      if (flags & EXPIRE_LT && current !== undefined && when >= current) return c.out.integer(0);
    }
    // A deadline already passed deletes the key now, as Redis does (and replicates as a DEL).
    if (when <= now) {
      db.delete(key);
      notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', key, db.id);
    } else {
      db.setExpire(key, when);
      c.server.keyModified(db, key);
      notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'expire', key, db.id);
    }
    c.out.integer(1);
  };
}

/** TTL, PTTL, EXPIRETIME and PEXPIRETIME. */
function ttlGeneric(inMs: boolean, absolute: boolean): (c: Client, argv: string[]) => void {
  return (c, argv) => {
    const db = c.db;
    if (db.peek(argv[1]) === undefined) {
      keyMiss(c, argv[1]);
      return c.out.integer(-2);
    }
    const at = db.getExpire(argv[1]);
    if (at === undefined) return c.out.integer(-1);
    const ms = Math.max(0, absolute ? at : at - c.server.clock.now());
    c.out.integer(inMs ? ms : Math.floor((ms + 500) / 1000));
  };
}

// PERSIST key
function persist(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1];
  if (db.get(key) === undefined || !db.persist(key)) return c.out.integer(0);
  c.server.keyModified(db, key);
  notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'persist', key, db.id);
  c.out.integer(1);
}

// ---- OBJECT ---------------------------------------------------------------------------------------

/** Redis shares the integer objects 0..9999 (REFCOUNT reports INT_MAX for them). */
const SHARED_INTEGERS = 10000;
const SHARED_REFCOUNT = 2147483647;
/** The access counter a key starts with under an LFU policy (Redis's LFU_INIT_VAL). */
const LFU_INIT_VAL = 5;

/** The encoding each type reports when its value does not say (Redis 7.0's big-value encodings). */
const DEFAULT_ENCODING: Record<string, string> = {
  string: 'raw',
  list: 'quicklist',
  hash: 'hashtable',
  set: 'hashtable',
  zset: 'skiplist',
  stream: 'stream',
};

function encodingOf(v: Value): string {
  if (typeof v !== 'string') return v.encoding?.() ?? DEFAULT_ENCODING[v.type];
  if (v.length <= 20 && isInt64(v)) return 'int';
  return v.length <= EMBSTR_LIMIT ? 'embstr' : 'raw';
}

function lfuPolicy(c: Client): boolean {
  return c.server.config.get('maxmemory-policy').endsWith('-lfu');
}

/** Whether Redis would store integer `v` as a shared object (it does not under LRU/LFU with maxmemory). */
function sharedInteger(c: Client, v: string): boolean {
  if (v.length > 4 || !isInt64(v) || Number(v) < 0 || Number(v) >= SHARED_INTEGERS) return false;
  const policy = c.server.config.get('maxmemory-policy');
  return c.server.config.getInt('maxmemory') === 0 || !(policy.endsWith('-lru') || policy.endsWith('-lfu'));
}

/** The value for an OBJECT subcommand, or undefined after replying null. Not an access. */
function objectLookup(c: Client, key: string): Value | undefined {
  const v = c.db.peek(key);
  if (v === undefined) c.out.nullBulk();
  return v;
}

// OBJECT ENCODING key
function objectEncoding(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]);
  if (v !== undefined) c.out.bulk(encodingOf(v));
}

// OBJECT REFCOUNT key
function objectRefcount(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]);
  if (v !== undefined) c.out.integer(typeof v === 'string' && sharedInteger(c, v) ? SHARED_REFCOUNT : 1);
}

// OBJECT IDLETIME key
//
// Redis keeps a 24-bit access clock in every object. A plain string here is the bare byte string in
// the keyspace Map, with nowhere to put one; a per-database Map from key to access time was measured
// at about 29 bytes per key on top of about 85 for a small key and value (+35%), plus a Map write on
// every GET. So only object values (lists, hashes, sets, sorted sets, streams, strings edited in
// place) carry `lastAccess`, stamped by Database.get and set; a plain string always reports 0, which
// is right for one just written and reads as "recently used" otherwise. (Redis itself reports the
// age of a shared integer object, not of the key, for values 0..9999.)
function objectIdletime(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]);
  if (v === undefined) return;
  if (lfuPolicy(c)) return c.out.error(E.ERR_LFU_IDLETIME);
  if (typeof v === 'string' || v.lastAccess === undefined) return c.out.integer(0);
  // In whole seconds of the clock, as Redis's LRU clock counts them.
  const now = Math.floor(c.server.clock.now() / 1000);
  c.out.integer(Math.max(0, now - Math.floor(v.lastAccess / 1000)));
}

// OBJECT FREQ key
//
// respite never evicts, so it keeps no access-frequency counters: under an LFU policy every key
// reports the counter Redis gives a newly written key.
function objectFreq(c: Client, argv: string[]): void {
  const v = objectLookup(c, argv[2]);
  if (v === undefined) return;
  if (!lfuPolicy(c)) return c.out.error(E.ERR_LFU_FREQ);
  c.out.integer(LFU_INIT_VAL);
}

const OBJECT_HELP = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
];

/** Redis's addReplyHelp: a header, the lines, and HELP's own entry, each a status reply. */
function replyHelp(c: Client, container: string, lines: readonly string[]): void {
  c.out.array(lines.length + 3);
  c.out.simple(`${container} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const line of lines) c.out.simple(line);
  c.out.simple('HELP');
  c.out.simple('    Prints this help.');
}

// OBJECT HELP
function objectHelp(c: Client): void {
  replyHelp(c, 'OBJECT', OBJECT_HELP);
}

// ---- the table ------------------------------------------------------------------------------------

/** OBJECT's subcommands that take a key. */
function objectKeySub(name: string, summary: string, since: string, handler: CommandSpec['handler']) {
  return command({
    name,
    arity: 3,
    flags: ['readonly'],
    firstKey: 2,
    lastKey: 2,
    step: 1,
    group: 'generic',
    summary,
    since,
    complexity: 'O(1)',
    handler,
  });
}

export const commands: CommandSpec[] = [
  command({
    name: 'del',
    arity: -2,
    flags: ['write'],
    firstKey: 1,
    lastKey: -1,
    step: 1,
    group: 'generic',
    summary: 'Delete a key',
    complexity:
      'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
    handler: del,
  }),
  command({
    name: 'unlink',
    arity: -2,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: -1,
    step: 1,
    group: 'generic',
    summary: 'Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.',
    since: '4.0.0',
    complexity:
      'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.',
    handler: del,
  }),
  command({
    name: 'exists',
    arity: -2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: -1,
    step: 1,
    group: 'generic',
    summary: 'Determine if a key exists',
    complexity: 'O(N) where N is the number of keys to check.',
    handler: exists,
  }),
  command({
    name: 'touch',
    arity: -2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: -1,
    step: 1,
    group: 'generic',
    summary: 'Alters the last access time of a key(s). Returns the number of existing keys specified.',
    since: '3.2.1',
    complexity: 'O(N) where N is the number of keys that will be touched.',
    handler: touch,
  }),
  keyCommand({
    name: 'type',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'generic',
    summary: 'Determine the type stored at key',
    complexity: 'O(1)',
    handler: type,
  }),
  command({
    name: 'keys',
    arity: 2,
    flags: ['readonly'],
    group: 'generic',
    acl: ['dangerous'],
    summary: 'Find all keys matching the given pattern',
    complexity:
      'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.',
    handler: keys,
  }),
  command({
    name: 'scan',
    arity: -2,
    flags: ['readonly'],
    group: 'generic',
    summary: 'Incrementally iterate the keys space',
    since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
    handler: scan,
  }),
  command({
    name: 'randomkey',
    arity: 1,
    flags: ['readonly'],
    group: 'generic',
    summary: 'Return a random key from the keyspace',
    complexity: 'O(1)',
    handler: randomkey,
  }),
  command({
    name: 'rename',
    arity: 3,
    flags: ['write'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'generic',
    summary: 'Rename a key',
    complexity: 'O(1)',
    handler: renameGeneric(false),
  }),
  command({
    name: 'renamenx',
    arity: 3,
    flags: ['write', 'fast'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'generic',
    summary: 'Rename a key, only if the new key does not exist',
    complexity: 'O(1)',
    handler: renameGeneric(true),
  }),
  command({
    name: 'copy',
    arity: -3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'generic',
    summary: 'Copy a key',
    since: '6.2.0',
    complexity:
      'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.',
    handler: copy,
  }),
  keyCommand({
    name: 'move',
    arity: 3,
    flags: ['write', 'fast'],
    group: 'generic',
    summary: 'Move a key to another database',
    complexity: 'O(1)',
    handler: move,
  }),
  keyCommand({
    name: 'expire',
    arity: -3,
    flags: ['write', 'fast'],
    group: 'generic',
    summary: "Set a key's time to live in seconds",
    complexity: 'O(1)',
    handler: expireGeneric('expire', true, 1000),
  }),
  keyCommand({
    name: 'pexpire',
    arity: -3,
    flags: ['write', 'fast'],
    group: 'generic',
    summary: "Set a key's time to live in milliseconds",
    since: '2.6.0',
    complexity: 'O(1)',
    handler: expireGeneric('pexpire', true, 1),
  }),
  keyCommand({
    name: 'expireat',
    arity: -3,
    flags: ['write', 'fast'],
    group: 'generic',
    summary: 'Set the expiration for a key as a UNIX timestamp',
    since: '1.2.0',
    complexity: 'O(1)',
    handler: expireGeneric('expireat', false, 1000),
  }),
  keyCommand({
    name: 'pexpireat',
    arity: -3,
    flags: ['write', 'fast'],
    group: 'generic',
    summary: 'Set the expiration for a key as a UNIX timestamp specified in milliseconds',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: expireGeneric('pexpireat', false, 1),
  }),
  keyCommand({
    name: 'ttl',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'generic',
    summary: 'Get the time to live for a key in seconds',
    complexity: 'O(1)',
    handler: ttlGeneric(false, false),
  }),
  keyCommand({
    name: 'pttl',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'generic',
    summary: 'Get the time to live for a key in milliseconds',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: ttlGeneric(true, false),
  }),
  keyCommand({
    name: 'expiretime',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'generic',
    summary: 'Get the expiration Unix timestamp for a key',
    since: '7.0.0',
    complexity: 'O(1)',
    handler: ttlGeneric(false, true),
  }),
  keyCommand({
    name: 'pexpiretime',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'generic',
    summary: 'Get the expiration Unix timestamp for a key in milliseconds',
    since: '7.0.0',
    complexity: 'O(1)',
    handler: ttlGeneric(true, true),
  }),
  keyCommand({
    name: 'persist',
    arity: 2,
    flags: ['write', 'fast'],
    group: 'generic',
    summary: 'Remove the expiration from a key',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: persist,
  }),
  command({
    name: 'object',
    arity: -2,
    flags: [],
    group: 'generic',
    summary: 'A container for object introspection commands',
    since: '2.2.3',
    complexity: 'Depends on subcommand.',
    subcommands: [
      command({
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'generic',
        summary: 'Show helpful text about the different subcommands',
        since: '6.2.0',
        complexity: 'O(1)',
        handler: objectHelp,
      }),
      objectKeySub('encoding', 'Inspect the internal encoding of a Redis object', '2.2.3', objectEncoding),
      objectKeySub(
        'freq',
        'Get the logarithmic access frequency counter of a Redis object',
        '4.0.0',
        objectFreq,
      ),
      objectKeySub(
        'idletime',
        'Get the time since a Redis object was last accessed',
        '2.2.3',
        objectIdletime,
      ),
      objectKeySub(
        'refcount',
        'Get the number of references to the value of the key',
        '2.2.3',
        objectRefcount,
      ),
    ],
  }),
];
