// String commands: GET, SET and their variants, MGET/MSET, APPEND and ranges, counters, LCS.
//
// A string value is stored in one of two forms (see store/rawstring.ts): a plain byte string, which
// is what SET, INCR and friends store, or a RawString, a buffer that APPEND and SETRANGE grow in
// place so that building a value piece by piece costs amortised O(1) per piece. Every read accepts
// both. Any other value is WRONGTYPE, except for MGET, which replies nil for it as Redis does.
//
// Counters are signed 64-bit as in Redis: plain numbers while they stay within 2^53, BigInt beyond.
// INCRBYFLOAT computes in an emulated x87 long double (longdouble.ts), as Redis does in C.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { addLongDouble, formatLongDouble, isFiniteLD, parseLongDouble } from '../longdouble.js';
import { keyMiss, NOTIFY_GENERIC, NOTIFY_STRING, notifyKeyspaceEvent } from '../notify.js';
import { parseInt64, parseInt64Big } from '../numbers.js';
import type { Value } from '../store/keyspace.js';
import { EMBSTR_LIMIT, RawString, stringBytes } from '../store/rawstring.js';
import { option } from './args.js';
import { type CommandSpec, command, keyCommand } from './types.js';

/** A string value in either of its forms. */
type Bytes = string | RawString;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function isString(v: Value): v is Bytes {
  return typeof v === 'string' || v.type === 'string';
}

function replyBytes(c: Client, v: Bytes): void {
  if (typeof v === 'string') c.out.bulk(v);
  else c.out.bulkBuffer(v.buf.subarray(0, v.length));
}

/**
 * Redis's getGenericCommand, which SET GET, GETSET and GETDEL share: reply the value at `key` (nil
 * when there is none) and return it; return null after replying WRONGTYPE.
 */
function replyGet(c: Client, key: string): Bytes | undefined | null {
  const v = c.db.get(key);
  if (v === undefined) {
    keyMiss(c, key);
    c.out.nullBulk();
    return undefined;
  }
  if (!isString(v)) {
    c.out.error(E.WRONGTYPE);
    return null;
  }
  replyBytes(c, v);
  return v;
}

// GET key
function get(c: Client, argv: string[]): void {
  const v = c.db.get(argv[1]);
  if (v === undefined) {
    keyMiss(c, argv[1]);
    return c.out.nullBulk();
  }
  if (typeof v === 'string') return c.out.bulk(v);
  if (v.type !== 'string') return c.out.error(E.WRONGTYPE);
  replyBytes(c, v as RawString);
}

// ---- SET and GETEX options -------------------------------------------------------------------------

const NX = 1 << 0;
const XX = 1 << 1;
const GET = 1 << 2;
const KEEPTTL = 1 << 3;
const PERSIST = 1 << 4;
const EX = 1 << 5;
const PX = 1 << 6;
const EXAT = 1 << 7;
const PXAT = 1 << 8;
const ANY_EXPIRE = EX | PX | EXAT | PXAT;

interface ExtendedArgs {
  flags: number;
  /** The EX/PX/EXAT/PXAT argument (the last one given wins, as in Redis). */
  expire: string | undefined;
}

/**
 * The options of SET (from argv[3]) or GETEX (from argv[2]), or null after a syntax error. Like
 * Redis's parseExtendedStringArgumentsOrReply: an option that conflicts with one already seen is a
 * syntax error, but repeating an option is not.
 */
function parseExtended(c: Client, argv: string[], forSet: boolean): ExtendedArgs | null {
  let flags = 0;
  let expire: string | undefined;
  for (let j = forSet ? 3 : 2; j < argv.length; j++) {
    const opt = option(argv[j]);
    const hasNext = j < argv.length - 1;
    let unit = 0;
    if (opt === 'nx' && forSet && !(flags & XX)) flags |= NX;
    else if (opt === 'xx' && forSet && !(flags & NX)) flags |= XX;
    else if (opt === 'get' && forSet) flags |= GET;
    else if (opt === 'keepttl' && forSet && !(flags & (PERSIST | ANY_EXPIRE))) flags |= KEEPTTL;
    else if (opt === 'persist' && !forSet && !(flags & (KEEPTTL | ANY_EXPIRE))) flags |= PERSIST;
    else if (opt === 'ex') unit = EX;
    else if (opt === 'px') unit = PX;
    else if (opt === 'exat') unit = EXAT;
    else if (opt === 'pxat') unit = PXAT;
    else unit = -1;
    if (unit !== 0) {
      // An expiry conflicts with KEEPTTL, PERSIST and the other three kinds, not with itself.
      if (unit < 0 || !hasNext || flags & (KEEPTTL | PERSIST | (ANY_EXPIRE & ~unit))) {
        c.out.error(E.ERR_SYNTAX);
        return null;
      }
      flags |= unit;
      expire = argv[++j];
    }
  }
  return { flags, expire };
}

/**
 * The deadline (epoch ms) an EX/PX/EXAT/PXAT argument gives, or null after replying the error that
 * Redis's getExpireMillisecondsOrReply gives: not an integer, not positive, or overflowing 64 bits
 * once converted to milliseconds and made absolute.
 */
function expireDeadline(c: Client, arg: string, unit: number, name: string): number | null {
  const seconds = unit === EX || unit === EXAT;
  const relative = unit === EX || unit === PX;
  const n = parseInt64(arg);
  if (n === null) {
    c.out.error(E.ERR_NOT_INTEGER);
    return null;
  }
  // The common case stays in exact double arithmetic: n × 1000 + now is far below 2^53.
  if (n > 0 && n < 1e12) return (seconds ? n * 1000 : n) + (relative ? c.server.clock.now() : 0);
  let ms = parseInt64Big(arg)!;
  if (ms <= 0n || (seconds && ms > INT64_MAX / 1000n)) {
    c.out.error(E.ERR_INVALID_EXPIRE(name));
    return null;
  }
  if (seconds) ms *= 1000n;
  if (relative) ms += BigInt(c.server.clock.now());
  if (ms > INT64_MAX) {
    c.out.error(E.ERR_INVALID_EXPIRE(name)); // C's signed overflow, which Redis detects
    return null;
  }
  return Number(ms);
}

function expireUnit(flags: number): number {
  return flags & ANY_EXPIRE;
}

// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds |
//   PXAT unix-time-milliseconds | KEEPTTL]
function set(c: Client, argv: string[]): void {
  const key = argv[1];
  if (argv.length === 3) {
    c.db.set(key, argv[2]);
    notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'set', key, c.db.id);
    return c.out.ok();
  }
  const args = parseExtended(c, argv, true);
  if (args === null) return;
  const { flags } = args;
  let deadline: number | undefined;
  if (args.expire !== undefined) {
    const at = expireDeadline(c, args.expire, expireUnit(flags), 'set');
    if (at === null) return;
    deadline = at;
  }
  if (flags & GET && replyGet(c, key) === null) return;
  if (flags & (NX | XX)) {
    const found = c.db.has(key);
    if ((flags & NX && found) || (flags & XX && !found)) {
      if (!(flags & GET)) c.out.nullBulk();
      return;
    }
  }
  c.db.set(key, argv[2], (flags & KEEPTTL) !== 0);
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'set', key, c.db.id);
  // A deadline already past is stored as it is: the key is gone at its next lookup, as in Redis 7.0.
  if (deadline !== undefined) {
    c.db.setExpire(key, deadline);
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'expire', key, c.db.id);
  }
  if (!(flags & GET)) c.out.ok();
}

// SETNX key value
function setnx(c: Client, argv: string[]): void {
  if (c.db.has(argv[1])) return c.out.integer(0);
  c.db.set(argv[1], argv[2]);
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'set', argv[1], c.db.id);
  c.out.integer(1);
}

// SETEX key seconds value
function setex(c: Client, argv: string[]): void {
  setWithExpire(c, argv, EX, 'setex');
}

// PSETEX key milliseconds value
function psetex(c: Client, argv: string[]): void {
  setWithExpire(c, argv, PX, 'psetex');
}

function setWithExpire(c: Client, argv: string[], unit: number, name: string): void {
  const deadline = expireDeadline(c, argv[2], unit, name);
  if (deadline === null) return;
  c.db.set(argv[1], argv[3]);
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'set', argv[1], c.db.id);
  c.db.setExpire(argv[1], deadline);
  notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'expire', argv[1], c.db.id);
  c.out.ok();
}

// GETSET key value
function getset(c: Client, argv: string[]): void {
  if (replyGet(c, argv[1]) === null) return;
  c.db.set(argv[1], argv[2]);
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'set', argv[1], c.db.id);
}

// GETDEL key
function getdel(c: Client, argv: string[]): void {
  const v = replyGet(c, argv[1]);
  if (v !== undefined && v !== null && c.db.delete(argv[1]))
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', argv[1], c.db.id);
}

// GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]
function getex(c: Client, argv: string[]): void {
  const args = parseExtended(c, argv, false);
  if (args === null) return;
  const key = argv[1];
  const v = c.db.get(key);
  if (v === undefined) {
    keyMiss(c, key);
    return c.out.nullBulk();
  }
  if (!isString(v)) return c.out.error(E.WRONGTYPE);
  // Redis checks the expiry argument only once it knows the key holds a string.
  const unit = expireUnit(args.flags);
  let deadline: number | null = null;
  if (args.expire !== undefined) {
    deadline = expireDeadline(c, args.expire, unit, 'getex');
    if (deadline === null) return;
  }
  replyBytes(c, v);
  if (deadline !== null) {
    // An absolute time already past deletes the key, as Redis's checkAlreadyExpired does.
    if ((unit === EXAT || unit === PXAT) && deadline <= c.server.clock.now()) {
      c.db.delete(key);
      notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', key, c.db.id);
    } else {
      c.db.setExpire(key, deadline);
      c.server.keyModified(c.db, key);
      notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'expire', key, c.db.id);
    }
  } else if (args.flags & PERSIST && c.db.persist(key)) {
    c.server.keyModified(c.db, key);
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'persist', key, c.db.id);
  }
}

// MGET key [key ...]
function mget(c: Client, argv: string[]): void {
  c.out.array(argv.length - 1);
  for (let i = 1; i < argv.length; i++) {
    const v = c.db.get(argv[i]);
    if (v === undefined) keyMiss(c, argv[i]);
    if (v === undefined || !isString(v)) c.out.nullBulk();
    else replyBytes(c, v);
  }
}

// MSET key value [key value ...]
function mset(c: Client, argv: string[]): void {
  if (argv.length % 2 === 0) return c.out.error(E.ERR_WRONG_ARITY('mset'));
  msetPairs(c, argv);
  c.out.ok();
}

// MSETNX key value [key value ...]
function msetnx(c: Client, argv: string[]): void {
  if (argv.length % 2 === 0) return c.out.error(E.ERR_WRONG_ARITY('msetnx'));
  for (let i = 1; i < argv.length; i += 2) if (c.db.has(argv[i])) return c.out.integer(0);
  msetPairs(c, argv);
  c.out.integer(1);
}

function msetPairs(c: Client, argv: string[]): void {
  for (let i = 1; i < argv.length; i += 2) {
    c.db.set(argv[i], argv[i + 1]);
    notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'set', argv[i], c.db.id);
  }
}

// ---- editing in place ------------------------------------------------------------------------------

/** Redis's checkStringLength: whether a string of `size` + `extra` bytes is allowed, else the error. */
function lengthAllowed(c: Client, size: number, extra: number): boolean {
  if (size + extra <= c.server.config.getInt('proto-max-bulk-len')) return true;
  c.out.error(E.ERR_STRING_TOO_LONG);
  return false;
}

/** The value at `key` as a RawString to edit, converting (and storing) a plain value first. */
function rawForEdit(c: Client, key: string, v: Bytes): RawString {
  if (typeof v !== 'string') return v;
  const raw = new RawString(v);
  c.db.replace(key, raw);
  return raw;
}

// APPEND key value
function append(c: Client, argv: string[]): void {
  const key = argv[1];
  const tail = argv[2];
  const v = c.db.get(key);
  if (v === undefined) {
    // A new key holds the argument as it is, as in Redis (whose OBJECT ENCODING then says int or embstr).
    c.db.set(key, tail);
    notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'append', key, c.db.id);
    return c.out.integer(tail.length);
  }
  if (!isString(v)) return c.out.error(E.WRONGTYPE);
  if (!lengthAllowed(c, v.length, tail.length)) return;
  const raw = rawForEdit(c, key, v);
  raw.append(tail);
  c.db.set(key, raw, true);
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'append', key, c.db.id);
  c.out.integer(raw.length);
}

// STRLEN key
function strlen(c: Client, argv: string[]): void {
  const v = c.db.get(argv[1]);
  if (v === undefined) {
    keyMiss(c, argv[1]);
    return c.out.integer(0);
  }
  if (!isString(v)) return c.out.error(E.WRONGTYPE);
  c.out.integer(v.length);
}

// SETRANGE key offset value
function setrange(c: Client, argv: string[]): void {
  const key = argv[1];
  const value = argv[3];
  const offset = parseInt64(argv[2]);
  if (offset === null) return c.out.error(E.ERR_NOT_INTEGER);
  if (offset < 0) return c.out.error(E.ERR_OFFSET_RANGE);
  const v = c.db.get(key);
  let raw: RawString;
  if (v === undefined) {
    if (value.length === 0) return c.out.integer(0);
    if (!lengthAllowed(c, offset, value.length)) return;
    raw = new RawString();
  } else {
    if (!isString(v)) return c.out.error(E.WRONGTYPE);
    if (value.length === 0) return c.out.integer(v.length);
    if (!lengthAllowed(c, offset, value.length)) return;
    raw = rawForEdit(c, key, v);
  }
  raw.ensure(offset + value.length);
  raw.buf.latin1Write(value, offset, value.length);
  c.db.set(key, raw, true);
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'setrange', key, c.db.id);
  c.out.integer(raw.length);
}

// GETRANGE key start end (and SUBSTR, its older name)
function getrange(c: Client, argv: string[]): void {
  const start0 = parseInt64(argv[2]);
  if (start0 === null) return c.out.error(E.ERR_NOT_INTEGER);
  const end0 = parseInt64(argv[3]);
  if (end0 === null) return c.out.error(E.ERR_NOT_INTEGER);
  const v = c.db.get(argv[1]);
  if (v === undefined) {
    keyMiss(c, argv[1]);
    return c.out.bulk('');
  }
  if (!isString(v)) return c.out.error(E.WRONGTYPE);
  const len = v.length;
  if (start0 < 0 && end0 < 0) {
    // Beyond 2^53 two distinct arguments may be the same double: compare them exactly.
    const exact = Number.isSafeInteger(start0) && Number.isSafeInteger(end0);
    if (exact ? start0 > end0 : parseInt64Big(argv[2])! > parseInt64Big(argv[3])!) return c.out.bulk('');
  }
  const start = Math.max(0, start0 < 0 ? len + start0 : start0);
  const end = Math.min(len - 1, Math.max(0, end0 < 0 ? len + end0 : end0));
  if (start > end || len === 0) return c.out.bulk('');
  if (typeof v === 'string') c.out.bulk(v.slice(start, end + 1));
  else c.out.bulkBuffer((v as RawString).buf.subarray(start, end + 1));
}

// ---- counters --------------------------------------------------------------------------------------

/** A 64-bit integer argument or value: a number when exact (within 2^53), else a bigint; null if none. */
function parseCounter(s: string): number | bigint | null {
  if (s.length < 16) return parseInt64(s); // at most 15 characters: within 2^53
  const n = parseInt64Big(s);
  if (n === null) return null;
  return n >= -Number.MAX_SAFE_INTEGER && n <= Number.MAX_SAFE_INTEGER ? Number(n) : n;
}

/** Redis's incrDecrCommand: add `by` to the integer at `key`, keeping its TTL. */
function incrBy(c: Client, key: string, by: number | bigint): void {
  const v = c.db.get(key);
  let current: number | bigint = 0;
  if (v !== undefined) {
    if (typeof v !== 'string' && v.type !== 'string') return c.out.error(E.WRONGTYPE);
    const parsed = parseCounter(typeof v === 'string' ? v : stringBytes(v as RawString));
    if (parsed === null) return c.out.error(E.ERR_NOT_INTEGER);
    current = parsed;
  }
  if (typeof current === 'number' && typeof by === 'number') {
    const sum = current + by;
    if (Number.isSafeInteger(sum)) {
      c.db.set(key, String(sum), true);
      notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'incrby', key, c.db.id);
      return c.out.integer(sum);
    }
  }
  const sum = BigInt(current) + BigInt(by);
  if (sum < INT64_MIN || sum > INT64_MAX) return c.out.error(E.ERR_OVERFLOW);
  c.db.set(key, sum.toString(), true);
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'incrby', key, c.db.id);
  c.out.integer(sum);
}

// INCR key
function incr(c: Client, argv: string[]): void {
  incrBy(c, argv[1], 1);
}

// DECR key
function decr(c: Client, argv: string[]): void {
  incrBy(c, argv[1], -1);
}

// INCRBY key increment
function incrby(c: Client, argv: string[]): void {
  const by = parseCounter(argv[2]);
  if (by === null) return c.out.error(E.ERR_NOT_INTEGER);
  incrBy(c, argv[1], by);
}

// DECRBY key decrement
function decrby(c: Client, argv: string[]): void {
  const by = parseCounter(argv[2]);
  if (by === null) return c.out.error(E.ERR_NOT_INTEGER);
  if (by === INT64_MIN) return c.out.error(E.ERR_DECREMENT_OVERFLOW); // its negation is not an int64
  incrBy(c, argv[1], -by);
}

// INCRBYFLOAT key increment
function incrbyfloat(c: Client, argv: string[]): void {
  const key = argv[1];
  const v = c.db.get(key);
  if (v !== undefined && !isString(v)) return c.out.error(E.WRONGTYPE);
  const current = v === undefined ? parseLongDouble('0') : parseLongDouble(stringBytes(v));
  if (current === null) return c.out.error(E.ERR_NOT_FLOAT);
  const by = parseLongDouble(argv[2]);
  if (by === null) return c.out.error(E.ERR_NOT_FLOAT);
  const sum = addLongDouble(current, by);
  if (!isFiniteLD(sum)) return c.out.error(E.ERR_NAN_OR_INF);
  const text = formatLongDouble(sum);
  const stored = new RawString(text);
  stored.embstr = text.length <= EMBSTR_LIMIT;
  c.db.set(key, stored, true);
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'incrbyfloat', key, c.db.id);
  c.out.bulk(text);
}

// ---- LCS -------------------------------------------------------------------------------------------

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
function lcs(c: Client, argv: string[]): void {
  const va = c.db.get(argv[1]);
  if (va === undefined) keyMiss(c, argv[1]);
  const vb = c.db.get(argv[2]);
  if (vb === undefined) keyMiss(c, argv[2]);
  if ((va !== undefined && !isString(va)) || (vb !== undefined && !isString(vb))) {
    return c.out.error(E.ERR_LCS_TYPES);
  }
  let getLen = false;
  let getIdx = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = option(argv[j]);
    if (opt === 'idx') getIdx = true;
    else if (opt === 'len') getLen = true;
    else if (opt === 'withmatchlen') withMatchLen = true;
    else if (opt === 'minmatchlen' && j < argv.length - 1) {
      const n = parseInt64(argv[++j]);
      if (n === null) return c.out.error(E.ERR_NOT_INTEGER);
      minMatchLen = Math.max(0, n);
    } else {
      return c.out.error(E.ERR_SYNTAX);
    }
  }
  if (getLen && getIdx) return c.out.error(E.ERR_LCS_LEN_AND_IDX);
  const a = va === undefined ? '' : stringBytes(va);
  const b = vb === undefined ? '' : stringBytes(vb);
  if (a.length >= 0xfffffffe || b.length >= 0xfffffffe) return c.out.error(E.ERR_LCS_TOO_LONG);
  // Redis allocates the whole table of 32-bit cells and refuses beyond proto-max-bulk-len.
  if ((a.length + 1) * (b.length + 1) * 4 > c.server.config.getInt('proto-max-bulk-len')) {
    return c.out.error(E.ERR_LCS_MEMORY_LIMIT);
  }
  if (getLen) return c.out.integer(lcsLength(a, b));
  let table: LcsTable;
  try {
    table = lcsTable(a, b);
  } catch {
    return c.out.error(E.ERR_LCS_ALLOC);
  }
  const { text, matches } = lcsWalk(a, b, table, getIdx, minMatchLen);
  if (!getIdx) return c.out.bulk(text);
  c.out.map(2);
  c.out.bulk('matches');
  c.out.array(matches.length);
  for (const [aStart, aEnd, bStart, bEnd] of matches) {
    c.out.array(withMatchLen ? 3 : 2);
    c.out.array(2);
    c.out.integer(aStart);
    c.out.integer(aEnd);
    c.out.array(2);
    c.out.integer(bStart);
    c.out.integer(bEnd);
    if (withMatchLen) c.out.integer(aEnd - aStart + 1);
  }
  c.out.bulk('len');
  c.out.integer(table.at(a.length, b.length));
}

/** LCS(i, j): the length of the longest common subsequence of a[0, i) and b[0, j). */
interface LcsTable {
  at(i: number, j: number): number;
}

/** The whole dynamic-programming table, with 16-bit cells when the lengths allow (half the memory). */
function lcsTable(a: string, b: string): LcsTable {
  const width = b.length + 1;
  const size = (a.length + 1) * width;
  const cells = Math.min(a.length, b.length) < 0xffff ? new Uint16Array(size) : new Uint32Array(size);
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    const row = i * width;
    const up = row - width;
    for (let j = 1; j <= b.length; j++) {
      if (ai === b.charCodeAt(j - 1)) cells[row + j] = cells[up + j - 1] + 1;
      else cells[row + j] = Math.max(cells[up + j], cells[row + j - 1]);
    }
  }
  return { at: (i, j) => cells[i * width + j] };
}

/** The LCS length alone needs only two rows of the table. */
function lcsLength(a: string, b: string): number {
  let prev = new Uint32Array(b.length + 1);
  let row = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      row[j] = ai === b.charCodeAt(j - 1) ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
    }
    [prev, row] = [row, prev];
  }
  return prev[b.length];
}

/** A match: its first and last index in a, then in b. */
type Match = [number, number, number, number];

/**
 * Walk the table back from the end as Redis does, collecting the common subsequence and (when
 * `ranges`) the runs of consecutive matches, from the last to the first. The walk order decides
 * which of several equally long subsequences is reported, so it follows Redis step by step.
 */
function lcsWalk(
  a: string,
  b: string,
  table: LcsTable,
  ranges: boolean,
  minMatchLen: number,
): { text: string; matches: Match[] } {
  let idx = table.at(a.length, b.length);
  const out = Buffer.allocUnsafe(idx);
  const matches: Match[] = [];
  const none = a.length; // aStart === none: no run in progress
  let aStart = none;
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let i = a.length;
  let j = b.length;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      out[idx - 1] = a.charCodeAt(i - 1);
      if (aStart === none) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      if (table.at(i - 1, j) > table.at(i, j - 1)) i--;
      else j--;
      if (aStart !== none) emit = true;
    }
    if (emit) {
      if (ranges && (minMatchLen === 0 || aEnd - aStart + 1 >= minMatchLen)) {
        matches.push([aStart, aEnd, bStart, bEnd]);
      }
      aStart = none;
    }
  }
  return { text: out.latin1Slice(0, out.length), matches };
}

const GETRANGE_COMPLEXITY =
  'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.';

export const commands: CommandSpec[] = [
  keyCommand({
    name: 'get',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'string',
    summary: 'Get the value of a key',
    complexity: 'O(1)',
    handler: get,
  }),
  keyCommand({
    name: 'set',
    arity: -3,
    flags: ['write', 'denyoom'],
    group: 'string',
    summary: 'Set the string value of a key',
    complexity: 'O(1)',
    handler: set,
  }),
  keyCommand({
    name: 'setnx',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    summary: 'Set the value of a key, only if the key does not exist',
    complexity: 'O(1)',
    handler: setnx,
  }),
  keyCommand({
    name: 'setex',
    arity: 4,
    flags: ['write', 'denyoom'],
    group: 'string',
    summary: 'Set the value and expiration of a key',
    since: '2.0.0',
    complexity: 'O(1)',
    handler: setex,
  }),
  keyCommand({
    name: 'psetex',
    arity: 4,
    flags: ['write', 'denyoom'],
    group: 'string',
    summary: 'Set the value and expiration in milliseconds of a key',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: psetex,
  }),
  keyCommand({
    name: 'getset',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    summary: 'Set the string value of a key and return its old value',
    complexity: 'O(1)',
    handler: getset,
  }),
  keyCommand({
    name: 'getdel',
    arity: 2,
    flags: ['write', 'fast'],
    group: 'string',
    summary: 'Get the value of a key and delete the key',
    since: '6.2.0',
    complexity: 'O(1)',
    handler: getdel,
  }),
  keyCommand({
    name: 'getex',
    arity: -2,
    flags: ['write', 'fast'],
    group: 'string',
    summary: 'Get the value of a key and optionally set its expiration',
    since: '6.2.0',
    complexity: 'O(1)',
    handler: getex,
  }),
  command({
    name: 'mget',
    arity: -2,
    flags: ['readonly', 'fast'],
    firstKey: 1,
    lastKey: -1,
    step: 1,
    group: 'string',
    summary: 'Get the values of all the given keys',
    complexity: 'O(N) where N is the number of keys to retrieve.',
    handler: mget,
  }),
  command({
    name: 'mset',
    arity: -3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: -1,
    step: 2,
    group: 'string',
    summary: 'Set multiple keys to multiple values',
    since: '1.0.1',
    complexity: 'O(N) where N is the number of keys to set.',
    handler: mset,
  }),
  command({
    name: 'msetnx',
    arity: -3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: -1,
    step: 2,
    group: 'string',
    summary: 'Set multiple keys to multiple values, only if none of the keys exist',
    since: '1.0.1',
    complexity: 'O(N) where N is the number of keys to set.',
    handler: msetnx,
  }),
  keyCommand({
    name: 'append',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    summary: 'Append a value to a key',
    since: '2.0.0',
    complexity:
      'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.',
    handler: append,
  }),
  keyCommand({
    name: 'strlen',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'string',
    summary: 'Get the length of the value stored in a key',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: strlen,
  }),
  keyCommand({
    name: 'getrange',
    arity: 4,
    flags: ['readonly'],
    group: 'string',
    summary: 'Get a substring of the string stored at a key',
    since: '2.4.0',
    complexity: GETRANGE_COMPLEXITY,
    handler: getrange,
  }),
  keyCommand({
    name: 'substr',
    arity: 4,
    flags: ['readonly'],
    group: 'string',
    summary: 'Get a substring of the string stored at a key',
    complexity: GETRANGE_COMPLEXITY,
    handler: getrange,
  }),
  keyCommand({
    name: 'setrange',
    arity: 4,
    flags: ['write', 'denyoom'],
    group: 'string',
    summary: 'Overwrite part of a string at key starting at the specified offset',
    since: '2.2.0',
    complexity:
      'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.',
    handler: setrange,
  }),
  keyCommand({
    name: 'incr',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    summary: 'Increment the integer value of a key by one',
    complexity: 'O(1)',
    handler: incr,
  }),
  keyCommand({
    name: 'decr',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    summary: 'Decrement the integer value of a key by one',
    complexity: 'O(1)',
    handler: decr,
  }),
  keyCommand({
    name: 'incrby',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    summary: 'Increment the integer value of a key by the given amount',
    complexity: 'O(1)',
    handler: incrby,
  }),
  keyCommand({
    name: 'decrby',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    summary: 'Decrement the integer value of a key by the given number',
    complexity: 'O(1)',
    handler: decrby,
  }),
  keyCommand({
    name: 'incrbyfloat',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'string',
    summary: 'Increment the float value of a key by the given amount',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: incrbyfloat,
  }),
  command({
    name: 'lcs',
    arity: -3,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'string',
    summary: 'Find longest common substring',
    since: '7.0.0',
    complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively',
    handler: lcs,
  }),
];
