// Sorted set commands: ZADD, ZRANGE, ZRANK, ZUNIONSTORE, ..., and the blocking BZPOPMIN family.
//
// The value is a ZSet (store/zset.ts): a skip list ordered by (score, member) and a Map from member to
// score, with the encoding Redis 7.0 would have (listpack or skiplist) tracked beside them. Handlers
// follow t_zset.c's order of checks, since the order decides which error a bad command gets: options,
// then numbers and ranges, then the key's type.
//
// Numbers are parsed as Redis parses them. Scores, increments and weights go through C's strtod with
// getDoubleFromObject's checks (no spaces, the whole argument, no overflow or underflow to zero, no
// NaN); range bounds through zslParseRange, which is laxer: leading spaces, a NUL ending the number,
// and an empty bound meaning 0. Scores are printed "%.17g" (formatDouble), as RESP3 doubles in RESP3.

import { blockClient, parseTimeout, signalKeyReady } from '../blocking.js';
import type { Client } from '../client.js';
import * as E from '../errors.js';
import { keyMiss, NOTIFY_GENERIC, NOTIFY_ZSET, notifyKeyspaceEvent } from '../notify.js';
import { formatDouble, parseFloatArg, parseInt64, parseInt64Big, parsePlainDecimal } from '../numbers.js';
import { parseCursor, scanMap } from '../store/scan.js';
import type { SetValue } from '../store/set.js';
import {
  type LexRange,
  lexGteMin,
  lexLteMax,
  type ScoreRange,
  type SkipNode,
  scoreGteMin,
  scoreLteMax,
} from '../store/skiplist.js';
import { ZSet, type ZsetLimits } from '../store/zset.js';
import { option } from './args.js';
import { parseScanOptions, replyScan } from './scanning.js';
import { type CommandSpec, command, keyCommand } from './types.js';

const LONG_MAX = 2n ** 63n - 1n;

export function limits(c: Client): ZsetLimits {
  const config = c.server.config;
  return {
    entries: config.getInt('zset-max-listpack-entries'),
    value: config.getInt('zset-max-listpack-value'),
  };
}

/** An option word as Redis's strcasecmp sees it: case-insensitive, ended by a NUL byte. */

/**
 * The sorted set at `key` for reading: undefined when there is none (a "keymiss", as Redis's
 * lookupKeyRead), null after replying WRONGTYPE.
 */
function readZset(c: Client, key: string): ZSet | undefined | null {
  const z = lookupZset(c, key);
  if (z === undefined) keyMiss(c, key);
  return z;
}

/** The sorted set at `key` for writing: as readZset, but a missing key is no keymiss. */
function lookupZset(c: Client, key: string): ZSet | undefined | null {
  const v = c.db.get(key);
  if (v === undefined) return undefined;
  if (!(v instanceof ZSet)) {
    c.out.error(E.WRONGTYPE);
    return null;
  }
  return v;
}

/** After members were added to `z`: store it if it is new, else tell watchers; wake BZPOP waiters. */
function storeAdded(c: Client, key: string, z: ZSet): void {
  if (c.db.map.get(key) === z) c.server.keyModified(c.db, key);
  else c.db.set(key, z);
  signalKeyReady(c.server, c.db, key);
}

/**
 * After members were removed from `z`: raise `event`, then delete the key if it is empty (with a
 * "del" event), else tell watchers.
 */
function afterRemove(c: Client, key: string, z: ZSet, event: string): void {
  notifyKeyspaceEvent(c.server, NOTIFY_ZSET, event, key, c.db.id);
  if (z.size === 0) {
    c.db.delete(key);
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', key, c.db.id);
  } else {
    c.server.keyModified(c.db, key);
  }
}

/** Store a computed result at `dst` with `event`, or delete `dst` (a "del" event) when it is empty. */
function storeResult(c: Client, dst: string, z: ZSet | null, event: string): void {
  if (z === null) {
    c.out.integer(0);
    if (c.db.delete(dst)) notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', dst, c.db.id);
    return;
  }
  c.db.set(dst, z);
  notifyKeyspaceEvent(c.server, NOTIFY_ZSET, event, dst, c.db.id);
  signalKeyReady(c.server, c.db, dst);
  c.out.integer(z.size);
}

function replyScore(c: Client, score: number): void {
  c.out.double(formatDouble(score));
}

// ---- parsing numbers and ranges -------------------------------------------------------------------

function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/**
 * Redis's getDoubleFromObject: strtod over the whole argument, refusing a leading space, NaN, and a
 * finite number too big for a double or so small it becomes zero (strtod's ERANGE). Null if invalid.
 */
export function parseDouble(s: string): number | null {
  const plain = parsePlainDecimal(s);
  if (plain !== null) return plain;
  if (s.length === 0 || isSpace(s.charCodeAt(0)) || s.includes('\0')) return null;
  const n = parseFloatArg(s);
  if (n === null) return null;
  if (n !== 0 && Number.isFinite(n)) return n; // neither an overflow nor an underflow
  const lower = s.toLowerCase();
  if (!Number.isFinite(n) && !lower.includes('inf')) return null;
  if (n === 0) {
    const hex = /^[+-]?0x/.exec(lower);
    const mantissa = hex ? lower.slice(hex[0].length).split('p')[0] : lower.split('e')[0];
    if (/[1-9a-f]/.test(mantissa)) return null;
  }
  return n;
}

/** strtod as zslParseRange uses it: leading spaces skipped, a NUL ends the number, "" is 0. */
function parseBound(s: string): number | null {
  const nul = s.indexOf('\0');
  if (nul >= 0) s = s.slice(0, nul);
  if (s.length === 0) return 0;
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  if (i === s.length) return null;
  return parseFloatArg(s.slice(i));
}

/** Redis's zslParseRange: "(" makes an end exclusive. Null when either end is not a float. */
function parseScoreRange(min: string, max: string): ScoreRange | null {
  const minex = min.startsWith('(');
  const maxex = max.startsWith('(');
  const lo = parseBound(minex ? min.slice(1) : min);
  const hi = parseBound(maxex ? max.slice(1) : max);
  if (lo === null || hi === null) return null;
  return { min: lo, max: hi, minex, maxex };
}

/** One end of a lex range: "-" and "+" are the extremes, "[" and "(" prefix an inclusive/exclusive member. */
function parseLexItem(s: string): { v: string | number; ex: boolean } | null {
  switch (s[0]) {
    case '+':
    case '-':
      // Redis tests the next byte as a C string's end, so "+\0..." is "+" too.
      if (s.length > 1 && s[1] !== '\0') return null;
      return { v: s[0] === '+' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY, ex: true };
    case '(':
      return { v: s.slice(1), ex: true };
    case '[':
      return { v: s.slice(1), ex: false };
    default:
      return null;
  }
}

function parseLexRange(min: string, max: string): LexRange | null {
  const lo = parseLexItem(min);
  const hi = parseLexItem(max);
  if (lo === null || hi === null) return null;
  return { min: lo.v, max: hi.v, minex: lo.ex, maxex: hi.ex };
}

/**
 * Clamp a rank range as Redis does (negative counts from the end); null when it selects nothing,
 * else the 0-based first and last rank.
 */
function rankRange(start: number, end: number, length: number): [number, number] | null {
  if (start < 0) start += length;
  if (end < 0) end += length;
  if (start < 0) start = 0;
  if (start > end || start >= length) return null;
  if (end >= length) end = length - 1;
  return [start, end];
}

// ---- ZADD, ZINCRBY ---------------------------------------------------------------------------------

const NX = 1 << 0;
const XX = 1 << 1;
const GT = 1 << 2;
const LT = 1 << 3;
const CH = 1 << 4;
const INCR = 1 << 5;

// ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]
// (GEOADD runs as this too, with its positions turned into scores.)
export function zadd(c: Client, argv: string[]): void {
  let flags = 0;
  let i = 2;
  for (; i < argv.length; i++) {
    const opt = option(argv[i]);
    if (opt === 'nx') flags |= NX;
    else if (opt === 'xx') flags |= XX;
    else if (opt === 'gt') flags |= GT;
    else if (opt === 'lt') flags |= LT;
    else if (opt === 'ch') flags |= CH;
    else if (opt === 'incr') flags |= INCR;
    else break;
  }
  zaddGeneric(c, argv, i, flags);
}

// ZINCRBY key increment member
function zincrby(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, 2, INCR);
}

/** Redis's zaddGenericCommand: the score/member pairs start at argv[first]. */
function zaddGeneric(c: Client, argv: string[], first: number, flags: number): void {
  const elements = argv.length - first;
  if (elements === 0 || elements % 2 !== 0) return c.out.error(E.ERR_SYNTAX);
  const nx = (flags & NX) !== 0;
  const xx = (flags & XX) !== 0;
  const gt = (flags & GT) !== 0;
  const lt = (flags & LT) !== 0;
  const incr = (flags & INCR) !== 0;
  if (nx && xx) return c.out.error(E.ERR_XX_AND_NX);
  if ((gt && nx) || (lt && nx) || (gt && lt)) return c.out.error(E.ERR_GT_LT_NX);
  if (incr && elements > 2) return c.out.error(E.ERR_INCR_PAIR);
  const scores: number[] = [];
  for (let j = first; j < argv.length; j += 2) {
    const score = parseDouble(argv[j]);
    if (score === null) return c.out.error(E.ERR_NOT_FLOAT);
    scores.push(score);
  }

  const key = argv[1];
  let z = lookupZset(c, key);
  if (z === null) return;
  if (z === undefined) {
    if (xx) return incr ? c.out.nullBulk() : c.out.integer(0);
    z = new ZSet();
  }
  const lim = limits(c);
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  for (let j = 0; j < scores.length; j++) {
    const member = argv[first + 1 + j * 2];
    score = scores[j];
    const cur = z.score(member);
    if (cur !== undefined) {
      if (nx) continue;
      if (incr) {
        score += cur;
        if (Number.isNaN(score)) return c.out.error(E.ERR_SCORE_NAN);
      }
      if ((lt && score >= cur) || (gt && score <= cur)) continue;
      processed++;
      if (score !== cur) {
        z.set(member, score, lim);
        updated++;
      }
    } else if (!xx) {
      z.set(member, score, lim);
      added++;
      processed++;
    }
  }
  if (added > 0) storeAdded(c, key, z);
  else if (updated > 0) c.server.keyModified(c.db, key);
  if (added > 0 || updated > 0)
    notifyKeyspaceEvent(c.server, NOTIFY_ZSET, incr ? 'zincr' : 'zadd', key, c.db.id);
  if (incr) {
    if (processed > 0) replyScore(c, score);
    else c.out.nullBulk();
  } else {
    c.out.integer(flags & CH ? added + updated : added);
  }
}

// ---- reading scores and ranks ----------------------------------------------------------------------

// ZCARD key
function zcard(c: Client, argv: string[]): void {
  const z = readZset(c, argv[1]);
  if (z !== null) c.out.integer(z?.size ?? 0);
}

// ZSCORE key member
function zscore(c: Client, argv: string[]): void {
  const z = readZset(c, argv[1]);
  if (z === null) return;
  const score = z?.score(argv[2]);
  if (score === undefined) c.out.nullBulk();
  else replyScore(c, score);
}

// ZMSCORE key member [member ...]
function zmscore(c: Client, argv: string[]): void {
  const z = readZset(c, argv[1]);
  if (z === null) return;
  c.out.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const score = z?.score(argv[i]);
    if (score === undefined) c.out.nullBulk();
    else replyScore(c, score);
  }
}

// ZRANK key member
function zrank(c: Client, argv: string[]): void {
  zrankGeneric(c, argv, false);
}

// ZREVRANK key member
function zrevrank(c: Client, argv: string[]): void {
  zrankGeneric(c, argv, true);
}

function zrankGeneric(c: Client, argv: string[], reverse: boolean): void {
  const z = readZset(c, argv[1]);
  if (z === null) return;
  const rank = z === undefined ? -1 : z.rank(argv[2]);
  if (rank < 0) return c.out.nullBulk();
  c.out.integer(reverse ? z!.size - 1 - rank : rank);
}

// ZCOUNT key min max
function zcount(c: Client, argv: string[]): void {
  const range = parseScoreRange(argv[2], argv[3]);
  if (range === null) return c.out.error(E.ERR_MIN_MAX_NOT_FLOAT);
  const z = readZset(c, argv[1]);
  if (z !== null) c.out.integer(z ? z.countInScoreRange(range) : 0);
}

// ZLEXCOUNT key min max
function zlexcount(c: Client, argv: string[]): void {
  const range = parseLexRange(argv[2], argv[3]);
  if (range === null) return c.out.error(E.ERR_MIN_MAX_NOT_STRING);
  const z = readZset(c, argv[1]);
  if (z !== null) c.out.integer(z ? z.countInLexRange(range) : 0);
}

// ---- ZRANGE and its variants -----------------------------------------------------------------------

type RangeType = 'auto' | 'rank' | 'score' | 'lex';
type Direction = 'auto' | 'forward' | 'reverse';

/** The elements selected by a range, in reply order. */
function selectRank(z: ZSet, start: number, end: number, reverse: boolean): SkipNode[] {
  const out: SkipNode[] = [];
  const r = rankRange(start, end, z.size);
  if (r === null) return out;
  const n = r[1] - r[0] + 1;
  let node = reverse ? z.at(z.size - 1 - r[0]) : z.at(r[0]);
  for (let i = 0; i < n && node !== null; i++) {
    out.push(node);
    node = reverse ? node.backward : node.next;
  }
  return out;
}

/**
 * The elements of a score or lex range, after skipping `offset` and taking at most `limit` (a
 * negative limit is no limit; a negative offset selects nothing, as Redis's `while (offset--)`).
 */
function selectRange(
  z: ZSet,
  first: SkipNode | null,
  inRange: (node: SkipNode) => boolean,
  reverse: boolean,
  offset: number,
  limit: number,
): SkipNode[] {
  const out: SkipNode[] = [];
  if ((offset > 0 && offset >= z.size) || offset < 0) return out;
  let node = first;
  for (; node !== null && offset > 0; offset--) node = reverse ? node.backward : node.next;
  for (; node !== null && limit !== 0; limit--) {
    if (!inRange(node)) break;
    out.push(node);
    node = reverse ? node.backward : node.next;
  }
  return out;
}

/** Reply elements, with their scores if asked: flat in RESP2, [member, score] pairs in RESP3. */
function replyElements(c: Client, items: readonly SkipNode[], withScores: boolean): void {
  const pairs = withScores && c.out.proto === 3;
  c.out.array(withScores && !pairs ? items.length * 2 : items.length);
  for (const node of items) {
    if (pairs) c.out.array(2);
    c.out.bulk(node.member);
    if (withScores) replyScore(c, node.score);
  }
}

/**
 * Store `items` at `dst` (replying their count), or delete `dst` when there are none. As Redis's
 * ZRANGESTORE, a rank range, whose length is known up front, starts as a skip list if that length is
 * over the listpack limit; a score or lex range starts as a listpack and converts as it grows.
 */
function storeElements(c: Client, dst: string, items: readonly SkipNode[], knownLength: boolean): void {
  if (items.length === 0) return storeResult(c, dst, null, 'zrangestore');
  const z = new ZSet();
  const lim = limits(c);
  if (knownLength && items.length > lim.entries) z.listpack = false;
  for (const node of items) z.set(node.member, node.score, lim);
  storeResult(c, dst, z, 'zrangestore');
}

/**
 * Redis's zrangeGenericCommand, behind ZRANGE, ZRANGESTORE and the older ZREVRANGE, ZRANGEBYSCORE,
 * ZREVRANGEBYSCORE, ZRANGEBYLEX and ZREVRANGEBYLEX: `start` is the index of the source key, `dst` the
 * destination of ZRANGESTORE, and a fixed type or direction makes the matching option a syntax error.
 */
function zrangeGeneric(
  c: Client,
  argv: string[],
  start: number,
  dst: string | null,
  type: RangeType,
  direction: Direction,
): void {
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = start + 3; j < argv.length; j++) {
    const opt = option(argv[j]);
    const left = argv.length - j - 1;
    if (dst === null && opt === 'withscores') {
      withScores = true;
    } else if (opt === 'limit' && left >= 2) {
      const o = parseInt64(argv[j + 1]);
      if (o === null) return c.out.error(E.ERR_NOT_INTEGER);
      const l = parseInt64(argv[j + 2]);
      if (l === null) return c.out.error(E.ERR_NOT_INTEGER);
      offset = o;
      limit = l;
      j += 2;
    } else if (direction === 'auto' && opt === 'rev') {
      direction = 'reverse';
    } else if (type === 'auto' && opt === 'bylex') {
      type = 'lex';
    } else if (type === 'auto' && opt === 'byscore') {
      type = 'score';
    } else {
      return c.out.error(E.ERR_SYNTAX);
    }
  }
  if (direction === 'auto') direction = 'forward';
  if (type === 'auto') type = 'rank';
  if (limit !== -1 && type === 'rank') return c.out.error(E.ERR_LIMIT_NEEDS_BY);
  if (withScores && type === 'lex') return c.out.error(E.ERR_WITHSCORES_BYLEX);
  const reverse = direction === 'reverse';
  // A reversed score or lex range is written max first.
  const [minArg, maxArg] =
    reverse && type !== 'rank' ? [argv[start + 2], argv[start + 1]] : [argv[start + 1], argv[start + 2]];

  let select: (z: ZSet) => SkipNode[];
  if (type === 'rank') {
    const s = parseInt64(minArg);
    if (s === null) return c.out.error(E.ERR_NOT_INTEGER);
    const e = parseInt64(maxArg);
    if (e === null) return c.out.error(E.ERR_NOT_INTEGER);
    select = (z) => selectRank(z, s, e, reverse);
  } else if (type === 'score') {
    const r = parseScoreRange(minArg, maxArg);
    if (r === null) return c.out.error(E.ERR_MIN_MAX_NOT_FLOAT);
    select = (z) =>
      reverse
        ? selectRange(z, z.list.lastInScoreRange(r), (n) => scoreGteMin(n.score, r), true, offset, limit)
        : selectRange(z, z.list.firstInScoreRange(r), (n) => scoreLteMax(n.score, r), false, offset, limit);
  } else {
    const r = parseLexRange(minArg, maxArg);
    if (r === null) return c.out.error(E.ERR_MIN_MAX_NOT_STRING);
    select = (z) =>
      reverse
        ? selectRange(z, z.lastInLexRange(r), (n) => lexGteMin(n.member, r), true, offset, limit)
        : selectRange(z, z.firstInLexRange(r), (n) => lexLteMax(n.member, r), false, offset, limit);
  }

  const z = readZset(c, argv[start]);
  if (z === null) return;
  const items = z === undefined ? [] : select(z);
  if (dst !== null) storeElements(c, dst, items, type === 'rank');
  else replyElements(c, items, withScores);
}

// ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
function zrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, 'auto', 'auto');
}

// ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]
function zrangestore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 2, argv[1], 'auto', 'auto');
}

// ZREVRANGE key start stop [WITHSCORES]
function zrevrange(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, 'rank', 'reverse');
}

// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
function zrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, 'score', 'forward');
}

// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
function zrevrangebyscore(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, 'score', 'reverse');
}

// ZRANGEBYLEX key min max [LIMIT offset count]
function zrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, 'lex', 'forward');
}

// ZREVRANGEBYLEX key max min [LIMIT offset count]
function zrevrangebylex(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, 'lex', 'reverse');
}

// ---- removing --------------------------------------------------------------------------------------

// ZREM key member [member ...]
function zrem(c: Client, argv: string[]): void {
  const key = argv[1];
  const z = lookupZset(c, key);
  if (z === null) return;
  if (z === undefined) return c.out.integer(0);
  let deleted = 0;
  for (let i = 2; i < argv.length && z.size > 0; i++) if (z.delete(argv[i])) deleted++;
  if (deleted > 0) afterRemove(c, key, z, 'zrem');
  c.out.integer(deleted);
}

/**
 * Remove what a range selects (ZREMRANGEBYRANK/SCORE/LEX, whose name is `event`), once its arguments
 * parsed.
 */
function zremrange(c: Client, key: string, event: string, select: (z: ZSet) => SkipNode[]): void {
  const z = lookupZset(c, key);
  if (z === null) return;
  if (z === undefined) return c.out.integer(0);
  const items = select(z);
  for (const node of items) z.deleteNode(node);
  if (items.length > 0) afterRemove(c, key, z, event);
  c.out.integer(items.length);
}

// ZREMRANGEBYRANK key start stop
function zremrangebyrank(c: Client, argv: string[]): void {
  const s = parseInt64(argv[2]);
  if (s === null) return c.out.error(E.ERR_NOT_INTEGER);
  const e = parseInt64(argv[3]);
  if (e === null) return c.out.error(E.ERR_NOT_INTEGER);
  zremrange(c, argv[1], 'zremrangebyrank', (z) => selectRank(z, s, e, false));
}

// ZREMRANGEBYSCORE key min max
function zremrangebyscore(c: Client, argv: string[]): void {
  const r = parseScoreRange(argv[2], argv[3]);
  if (r === null) return c.out.error(E.ERR_MIN_MAX_NOT_FLOAT);
  zremrange(c, argv[1], 'zremrangebyscore', (z) =>
    selectRange(z, z.list.firstInScoreRange(r), (n) => scoreLteMax(n.score, r), false, 0, -1),
  );
}

// ZREMRANGEBYLEX key min max
function zremrangebylex(c: Client, argv: string[]): void {
  const r = parseLexRange(argv[2], argv[3]);
  if (r === null) return c.out.error(E.ERR_MIN_MAX_NOT_STRING);
  zremrange(c, argv[1], 'zremrangebylex', (z) =>
    selectRange(z, z.firstInLexRange(r), (n) => lexLteMax(n.member, r), false, 0, -1),
  );
}

// ---- popping ---------------------------------------------------------------------------------------

/** How a pop replies (Redis's genericZpopCommand flags). */
interface PopReply {
  /** Name the key the elements came from (BZPOPMIN, ZMPOP). */
  emitKey: boolean;
  /** [member, score] pairs rather than a flat list (RESP3 ZPOPMIN with COUNT, ZMPOP). */
  nested: boolean;
  /** A null rather than an empty array when no key has elements (ZMPOP). */
  nilWhenEmpty: boolean;
}

/**
 * Redis's genericZpopCommand: pop up to `count` (-1: one, without COUNT) elements from the first of
 * `keys` that exists, lowest scores first unless `max`.
 */
function zpop(c: Client, keys: readonly string[], max: boolean, count: number, how: PopReply): void {
  let z: ZSet | undefined;
  let key = '';
  for (const k of keys) {
    const v = lookupZset(c, k);
    if (v === null) return;
    if (v !== undefined) {
      z = v;
      key = k;
      break;
    }
  }
  if (z === undefined) return how.nilWhenEmpty ? c.out.nullArray() : c.out.array(0);
  if (count === 0) return c.out.array(0);
  const n = Math.min(count === -1 ? 1 : count, z.size);
  if (!how.emitKey) {
    c.out.array(how.nested ? n : n * 2);
  } else if (!how.nested) {
    c.out.array(n * 2 + 1);
    c.out.bulk(key);
  } else {
    c.out.array(2);
    c.out.bulk(key);
    c.out.array(n);
  }
  for (let i = 0; i < n; i++) {
    const node = max ? z.list.tail! : z.list.first!;
    z.deleteNode(node);
    if (how.nested) c.out.array(2);
    c.out.bulk(node.member);
    replyScore(c, node.score);
  }
  afterRemove(c, key, z, max ? 'zpopmax' : 'zpopmin');
}

// ZPOPMIN key [count]
function zpopmin(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, false);
}

// ZPOPMAX key [count]
function zpopmax(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, true);
}

function zpopMinMax(c: Client, argv: string[], max: boolean): void {
  if (argv.length > 3) return c.out.error(E.ERR_SYNTAX);
  let count = -1;
  if (argv.length === 3) {
    const n = parseInt64(argv[2]);
    if (n === null || n < 0) return c.out.error(E.ERR_NOT_POSITIVE);
    count = n;
  }
  // With COUNT, RESP3 gets [member, score] pairs; without, one flat pair in either protocol.
  const nested = c.out.proto === 3 && count !== -1;
  zpop(c, [argv[1]], max, count, { emitKey: false, nested, nilWhenEmpty: false });
}

interface MpopArgs {
  keys: string[];
  max: boolean;
  count: number;
}

/** ZMPOP's arguments from argv[at] (numkeys) on, or null after replying the error. */
function parseMpop(c: Client, argv: string[], at: number): MpopArgs | null {
  const numkeys = parseInt64(argv[at]);
  if (numkeys === null || numkeys < 1) {
    c.out.error(E.ERR_NUMKEYS_POSITIVE);
    return null;
  }
  const whereAt = at + numkeys + 1;
  if (whereAt >= argv.length) {
    c.out.error(E.ERR_SYNTAX);
    return null;
  }
  const where = option(argv[whereAt]);
  if (where !== 'min' && where !== 'max') {
    c.out.error(E.ERR_SYNTAX);
    return null;
  }
  let count = -1;
  for (let j = whereAt + 1; j < argv.length; j++) {
    if (count === -1 && option(argv[j]) === 'count' && j + 1 < argv.length) {
      const n = parseInt64(argv[++j]);
      if (n === null || n < 1) {
        c.out.error(E.ERR_COUNT_POSITIVE);
        return null;
      }
      count = n;
    } else {
      c.out.error(E.ERR_SYNTAX);
      return null;
    }
  }
  return { keys: argv.slice(at + 1, whereAt), max: where === 'max', count: count === -1 ? 1 : count };
}

const MPOP_REPLY: PopReply = { emitKey: true, nested: true, nilWhenEmpty: true };

// ZMPOP numkeys key [key ...] MIN | MAX [COUNT count]
function zmpop(c: Client, argv: string[]): void {
  const args = parseMpop(c, argv, 1);
  if (args !== null) zpop(c, args.keys, args.max, args.count, MPOP_REPLY);
}

/**
 * Redis's blockingGenericZpopCommand: pop from the first non-empty key now, or (outside MULTI and
 * scripts) wait for one. A timeout replies a null array.
 */
function blockingZpop(
  c: Client,
  keys: string[],
  max: boolean,
  timeoutArg: string,
  count: number,
  how: PopReply,
): void {
  const timeout = parseTimeout(c, timeoutArg);
  if (timeout === null) return;
  for (const key of keys) {
    const z = lookupZset(c, key);
    if (z === null) return;
    if (z !== undefined && z.size > 0) return zpop(c, [key], max, count, how);
  }
  if (c.denyBlocking) return c.out.nullArray();
  const db = c.db;
  blockClient(
    c,
    db,
    keys,
    timeout,
    (key) => {
      const v = db.get(key);
      if (!(v instanceof ZSet) || v.size === 0) return false;
      zpop(c, [key], max, count, how);
      return true;
    },
    () => c.out.nullArray(),
  );
}

// BZPOPMIN key [key ...] timeout
function bzpopmin(c: Client, argv: string[]): void {
  const how = { emitKey: true, nested: false, nilWhenEmpty: false };
  blockingZpop(c, argv.slice(1, -1), false, argv[argv.length - 1], -1, how);
}

// BZPOPMAX key [key ...] timeout
function bzpopmax(c: Client, argv: string[]): void {
  const how = { emitKey: true, nested: false, nilWhenEmpty: false };
  blockingZpop(c, argv.slice(1, -1), true, argv[argv.length - 1], -1, how);
}

// BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count]
function bzmpop(c: Client, argv: string[]): void {
  const args = parseMpop(c, argv, 2);
  if (args !== null) blockingZpop(c, args.keys, args.max, argv[1], args.count, MPOP_REPLY);
}

// ---- ZRANDMEMBER -----------------------------------------------------------------------------------

// ZRANDMEMBER key [count [WITHSCORES]]
function zrandmember(c: Client, argv: string[]): void {
  if (argv.length === 2) {
    const z = readZset(c, argv[1]);
    if (z === null) return;
    if (z === undefined) return c.out.nullBulk();
    return c.out.bulk(z.at(Math.floor(Math.random() * z.size))!.member);
  }
  const n = parseInt64Big(argv[2]);
  if (n === null) return c.out.error(E.ERR_NOT_INTEGER);
  if (n < -LONG_MAX) return c.out.error(E.ERR_VALUE_RANGE(`${-LONG_MAX}`, `${LONG_MAX}`));
  if (argv.length > 4 || (argv.length === 4 && option(argv[3]) !== 'withscores')) {
    return c.out.error(E.ERR_SYNTAX);
  }
  const withScores = argv.length === 4;
  if (withScores && (n < -LONG_MAX / 2n || n > LONG_MAX / 2n)) return c.out.error(E.ERR_VALUE_OUT_OF_RANGE);

  const z = readZset(c, argv[1]);
  if (z === null) return;
  if (z === undefined || n === 0n) return c.out.array(0);
  const size = z.size;
  // A negative count (or a count of 1) picks with repetition: exactly |count| elements.
  if (n < 0n || n === 1n) {
    const count = Number(n < 0n ? -n : n);
    const items: SkipNode[] = [];
    for (let i = 0; i < count; i++) items.push(z.at(Math.floor(Math.random() * size))!);
    return replyElements(c, items, withScores);
  }
  // A count covering the whole set returns it whole, highest rank first, as Redis does.
  if (n >= BigInt(size)) return replyElements(c, selectRank(z, 0, -1, true), withScores);
  // Otherwise distinct elements: a partial Fisher-Yates shuffle of the ranks.
  const count = Number(n);
  const ranks = Array.from({ length: size }, (_, i) => i);
  const items: SkipNode[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (size - i));
    [ranks[i], ranks[j]] = [ranks[j], ranks[i]];
    items.push(z.at(ranks[i])!);
  }
  replyElements(c, items, withScores);
}

// ---- ZUNION, ZINTER, ZDIFF and their STORE forms, ZINTERCARD ---------------------------------------

type SetOp = 'union' | 'inter' | 'diff';
type Aggregate = 'sum' | 'min' | 'max';

/** An input of a set operation: a sorted set, a set (every member scores 1), or nothing. */
interface Source {
  value: ZSet | SetValue | null;
  weight: number;
}

function sourceSize(s: Source): number {
  return s.value === null ? 0 : s.value.size;
}

function* sourceEntries(s: Source): Iterable<[string, number]> {
  if (s.value === null) return;
  if (s.value instanceof ZSet) yield* s.value.map;
  else for (const m of s.value.map.keys()) yield [m, 1];
}

function sourceScore(s: Source, member: string): number | undefined {
  if (s.value === null) return undefined;
  if (s.value instanceof ZSet) return s.value.score(member);
  return s.value.has(member) ? 1 : undefined;
}

/** Redis's zunionInterAggregate; a sum of +inf and -inf is 0 by Redis's convention. */
function aggregate(target: number, value: number, how: Aggregate): number {
  if (how === 'sum') {
    const sum = target + value;
    return Number.isNaN(sum) ? 0 : sum;
  }
  // C's comparisons, not Math.min/max: a NaN operand (0 * inf weights) must fall through as in Redis.
  // biome-ignore lint/complexity/useMathMinMax: NaN semantics
  if (how === 'min') return value < target ? value : target;
  // biome-ignore lint/complexity/useMathMinMax: NaN semantics
  return value > target ? value : target;
}

/**
 * Redis's zunionInterDiffGenericCommand. `dst` is the destination of the STORE forms, `at` the
 * index of numkeys; `cardinality` is ZINTERCARD, which replies only the size of the intersection.
 */
function setOperation(
  c: Client,
  argv: string[],
  dst: string | null,
  at: number,
  op: SetOp,
  cardinality = false,
): void {
  const numkeys = parseInt64(argv[at]);
  if (numkeys === null) return c.out.error(E.ERR_NOT_INTEGER);
  if (numkeys < 1) return c.out.error(E.ERR_AT_LEAST_ONE_KEY(argv[0].toLowerCase()));
  if (numkeys > argv.length - at - 1) return c.out.error(E.ERR_SYNTAX);
  // Redis reads every input (and checks its type) before looking at the options.
  const sources: Source[] = [];
  let j = at + 1;
  for (let i = 0; i < numkeys; i++, j++) {
    const v = c.db.get(argv[j]);
    if (v === undefined) keyMiss(c, argv[j]);
    if (v !== undefined && !(v instanceof ZSet) && (typeof v === 'string' || v.type !== 'set')) {
      return c.out.error(E.WRONGTYPE);
    }
    sources.push({ value: (v as ZSet | SetValue | undefined) ?? null, weight: 1 });
  }
  let how: Aggregate = 'sum';
  let withScores = false;
  let limit = 0;
  while (j < argv.length) {
    const opt = option(argv[j]);
    const remaining = argv.length - j;
    if (op !== 'diff' && !cardinality && remaining >= numkeys + 1 && opt === 'weights') {
      j++;
      for (const s of sources) {
        const w = parseDouble(argv[j++]);
        if (w === null) return c.out.error(E.ERR_WEIGHT_NOT_FLOAT);
        s.weight = w;
      }
    } else if (op !== 'diff' && !cardinality && remaining >= 2 && opt === 'aggregate') {
      const a = option(argv[j + 1]);
      if (a !== 'sum' && a !== 'min' && a !== 'max') return c.out.error(E.ERR_SYNTAX);
      how = a;
      j += 2;
    } else if (dst === null && !cardinality && opt === 'withscores') {
      withScores = true;
      j++;
    } else if (cardinality && remaining >= 2 && opt === 'limit') {
      const n = parseInt64(argv[j + 1]);
      if (n === null || n < 0) return c.out.error(E.ERR_LIMIT_NEGATIVE);
      limit = n;
      j += 2;
    } else {
      return c.out.error(E.ERR_SYNTAX);
    }
  }

  const result = new Map<string, number>();
  if (op === 'diff') {
    const [first, ...rest] = sources;
    for (const [m, score] of sourceEntries(first)) {
      if (rest.every((s) => sourceScore(s, m) === undefined)) result.set(m, score);
    }
  } else {
    // Smallest inputs first, as Redis orders them (which decides the order of floating-point sums).
    const sorted = [...sources].sort((a, b) => sourceSize(a) - sourceSize(b));
    if (op === 'union') {
      for (const s of sorted) {
        for (const [m, score] of sourceEntries(s)) {
          let value = s.weight * score;
          if (Number.isNaN(value)) value = 0;
          const cur = result.get(m);
          result.set(m, cur === undefined ? value : aggregate(cur, value, how));
        }
      }
    } else {
      const [first, ...rest] = sorted;
      for (const [m, score] of sourceEntries(first)) {
        let value = first.weight * score;
        if (Number.isNaN(value)) value = 0;
        let inAll = true;
        for (const s of rest) {
          const other = sourceScore(s, m);
          if (other === undefined) {
            inAll = false;
            break;
          }
          value = aggregate(value, other * s.weight, how);
        }
        if (!inAll) continue;
        result.set(m, value);
        if (cardinality && limit > 0 && result.size >= limit) break;
      }
    }
  }

  if (cardinality) return c.out.integer(result.size);
  if (dst === null) {
    const z = new ZSet();
    z.listpack = false;
    const lim = { entries: 0, value: 0 };
    for (const [m, score] of result) z.set(m, score, lim);
    return replyElements(c, [...z.list], withScores);
  }
  const event = op === 'union' ? 'zunionstore' : op === 'inter' ? 'zinterstore' : 'zdiffstore';
  if (result.size === 0) return storeResult(c, dst, null, event);
  // Redis builds the result as a skip list and makes it a listpack if it is small enough.
  const lim = limits(c);
  let longest = 0;
  for (const m of result.keys()) if (m.length > longest) longest = m.length;
  const z = new ZSet();
  z.listpack = result.size <= lim.entries && longest <= lim.value;
  const noConversion = { entries: Number.POSITIVE_INFINITY, value: Number.POSITIVE_INFINITY };
  for (const [m, score] of result) z.set(m, score, noConversion);
  storeResult(c, dst, z, event);
}

// ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]
function zunion(c: Client, argv: string[]): void {
  setOperation(c, argv, null, 1, 'union');
}

// ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]
function zinter(c: Client, argv: string[]): void {
  setOperation(c, argv, null, 1, 'inter');
}

// ZDIFF numkeys key [key ...] [WITHSCORES]
function zdiff(c: Client, argv: string[]): void {
  setOperation(c, argv, null, 1, 'diff');
}

// ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]
function zunionstore(c: Client, argv: string[]): void {
  setOperation(c, argv, argv[1], 2, 'union');
}

// ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]
function zinterstore(c: Client, argv: string[]): void {
  setOperation(c, argv, argv[1], 2, 'inter');
}

// ZDIFFSTORE destination numkeys key [key ...]
function zdiffstore(c: Client, argv: string[]): void {
  setOperation(c, argv, argv[1], 2, 'diff');
}

// ZINTERCARD numkeys key [key ...] [LIMIT limit]
function zintercard(c: Client, argv: string[]): void {
  setOperation(c, argv, null, 1, 'inter', true);
}

// ---- ZSCAN -----------------------------------------------------------------------------------------

// ZSCAN key cursor [MATCH pattern] [COUNT count]
function zscan(c: Client, argv: string[]): void {
  const cursor = parseCursor(argv[2]);
  if (cursor === null) return c.out.error(E.ERR_INVALID_CURSOR);
  const z = readZset(c, argv[1]);
  if (z === null) return;
  if (z === undefined) return replyScan(c, 0n, []);
  const opts = parseScanOptions(c, argv, 3);
  if (opts === null) return;
  const { match } = opts;
  const found: string[] = [];
  const visit = (member: string, score: number) => {
    if (match === null || match(member)) found.push(member, formatDouble(score));
  };
  let next = 0n;
  if (z.listpack) {
    // Redis returns a listpack whole, in order, whatever the cursor and COUNT.
    for (const node of z.list) visit(node.member, node.score);
  } else {
    // COUNT bounds the reply's items in Redis, and a member and its score are two.
    next = scanMap(z, cursor, Math.ceil(opts.count / 2), visit);
  }
  replyScan(c, next, found);
}

// ---- key positions of the commands with numkeys ----------------------------------------------------

/** Keys counted by argv[at], right after it; none when the count is invalid (as Redis). */
function numkeysKeys(argv: string[], at: number): number[] {
  const n = argv[at] === undefined ? null : parseInt64(argv[at]);
  if (n === null || n < 1 || n > argv.length - at - 1) return [];
  return Array.from({ length: n }, (_, i) => at + 1 + i);
}

function storeKeys(argv: string[]): number[] {
  const keys = numkeysKeys(argv, 2);
  return keys.length === 0 ? [] : [1, ...keys];
}

// ---- the table -------------------------------------------------------------------------------------

const RANGE_COMPLEXITY =
  'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.';

export const commands: CommandSpec[] = [
  keyCommand({
    name: 'zadd',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    group: 'sorted-set',
    summary: 'Add one or more members to a sorted set, or update its score if it already exists',
    since: '1.2.0',
    complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
    handler: zadd,
  }),
  keyCommand({
    name: 'zincrby',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    group: 'sorted-set',
    summary: 'Increment the score of a member in a sorted set',
    since: '1.2.0',
    complexity: 'O(log(N)) where N is the number of elements in the sorted set.',
    handler: zincrby,
  }),
  keyCommand({
    name: 'zscore',
    arity: 3,
    flags: ['readonly', 'fast'],
    group: 'sorted-set',
    summary: 'Get the score associated with the given member in a sorted set',
    since: '1.2.0',
    complexity: 'O(1)',
    handler: zscore,
  }),
  keyCommand({
    name: 'zmscore',
    arity: -3,
    flags: ['readonly', 'fast'],
    group: 'sorted-set',
    summary: 'Get the score associated with the given members in a sorted set',
    since: '6.2.0',
    complexity: 'O(N) where N is the number of members being requested.',
    handler: zmscore,
  }),
  keyCommand({
    name: 'zcard',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'sorted-set',
    summary: 'Get the number of members in a sorted set',
    since: '1.2.0',
    complexity: 'O(1)',
    handler: zcard,
  }),
  keyCommand({
    name: 'zcount',
    arity: 4,
    flags: ['readonly', 'fast'],
    group: 'sorted-set',
    summary: 'Count the members in a sorted set with scores within the given values',
    since: '2.0.0',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    handler: zcount,
  }),
  keyCommand({
    name: 'zlexcount',
    arity: 4,
    flags: ['readonly', 'fast'],
    group: 'sorted-set',
    summary: 'Count the number of members in a sorted set between a given lexicographical range',
    since: '2.8.9',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    handler: zlexcount,
  }),
  keyCommand({
    name: 'zrank',
    arity: 3,
    flags: ['readonly', 'fast'],
    group: 'sorted-set',
    summary: 'Determine the index of a member in a sorted set',
    since: '2.0.0',
    complexity: 'O(log(N))',
    handler: zrank,
  }),
  keyCommand({
    name: 'zrevrank',
    arity: 3,
    flags: ['readonly', 'fast'],
    group: 'sorted-set',
    summary: 'Determine the index of a member in a sorted set, with scores ordered from high to low',
    since: '2.0.0',
    complexity: 'O(log(N))',
    handler: zrevrank,
  }),
  keyCommand({
    name: 'zrange',
    arity: -4,
    flags: ['readonly'],
    group: 'sorted-set',
    summary: 'Return a range of members in a sorted set',
    since: '1.2.0',
    complexity: RANGE_COMPLEXITY,
    handler: zrange,
  }),
  command({
    name: 'zrangestore',
    arity: -5,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'sorted-set',
    summary: 'Store a range of members from sorted set into another key',
    since: '6.2.0',
    complexity:
      'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.',
    handler: zrangestore,
  }),
  keyCommand({
    name: 'zrevrange',
    arity: -4,
    flags: ['readonly'],
    group: 'sorted-set',
    summary: 'Return a range of members in a sorted set, by index, with scores ordered from high to low',
    since: '1.2.0',
    complexity: RANGE_COMPLEXITY,
    handler: zrevrange,
  }),
  keyCommand({
    name: 'zrangebyscore',
    arity: -4,
    flags: ['readonly'],
    group: 'sorted-set',
    summary: 'Return a range of members in a sorted set, by score',
    since: '1.0.5',
    complexity:
      'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
    handler: zrangebyscore,
  }),
  keyCommand({
    name: 'zrevrangebyscore',
    arity: -4,
    flags: ['readonly'],
    group: 'sorted-set',
    summary: 'Return a range of members in a sorted set, by score, with scores ordered from high to low',
    since: '2.2.0',
    complexity:
      'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
    handler: zrevrangebyscore,
  }),
  keyCommand({
    name: 'zrangebylex',
    arity: -4,
    flags: ['readonly'],
    group: 'sorted-set',
    summary: 'Return a range of members in a sorted set, by lexicographical range',
    since: '2.8.9',
    complexity:
      'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
    handler: zrangebylex,
  }),
  keyCommand({
    name: 'zrevrangebylex',
    arity: -4,
    flags: ['readonly'],
    group: 'sorted-set',
    summary:
      'Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.',
    since: '2.8.9',
    complexity:
      'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
    handler: zrevrangebylex,
  }),
  keyCommand({
    name: 'zrem',
    arity: -3,
    flags: ['write', 'fast'],
    group: 'sorted-set',
    summary: 'Remove one or more members from a sorted set',
    since: '1.2.0',
    complexity:
      'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.',
    handler: zrem,
  }),
  keyCommand({
    name: 'zremrangebyrank',
    arity: 4,
    flags: ['write'],
    group: 'sorted-set',
    summary: 'Remove all members in a sorted set within the given indexes',
    since: '2.0.0',
    complexity:
      'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.',
    handler: zremrangebyrank,
  }),
  keyCommand({
    name: 'zremrangebyscore',
    arity: 4,
    flags: ['write'],
    group: 'sorted-set',
    summary: 'Remove all members in a sorted set within the given scores',
    since: '1.2.0',
    complexity:
      'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.',
    handler: zremrangebyscore,
  }),
  keyCommand({
    name: 'zremrangebylex',
    arity: 4,
    flags: ['write'],
    group: 'sorted-set',
    summary: 'Remove all members in a sorted set between the given lexicographical range',
    since: '2.8.9',
    complexity:
      'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.',
    handler: zremrangebylex,
  }),
  keyCommand({
    name: 'zpopmin',
    arity: -2,
    flags: ['write', 'fast'],
    group: 'sorted-set',
    summary: 'Remove and return members with the lowest scores in a sorted set',
    since: '5.0.0',
    complexity:
      'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.',
    handler: zpopmin,
  }),
  keyCommand({
    name: 'zpopmax',
    arity: -2,
    flags: ['write', 'fast'],
    group: 'sorted-set',
    summary: 'Remove and return members with the highest scores in a sorted set',
    since: '5.0.0',
    complexity:
      'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.',
    handler: zpopmax,
  }),
  command({
    name: 'zmpop',
    arity: -4,
    flags: ['write'],
    getKeys: (argv) => numkeysKeys(argv, 1),
    group: 'sorted-set',
    summary: 'Remove and return members with scores in a sorted set',
    since: '7.0.0',
    complexity:
      'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.',
    handler: zmpop,
  }),
  command({
    name: 'bzpopmin',
    arity: -3,
    flags: ['write', 'noscript', 'blocking', 'fast'],
    firstKey: 1,
    lastKey: -2,
    step: 1,
    group: 'sorted-set',
    summary:
      'Remove and return the member with the lowest score from one or more sorted sets, or block until one is available',
    since: '5.0.0',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    handler: bzpopmin,
  }),
  command({
    name: 'bzpopmax',
    arity: -3,
    flags: ['write', 'noscript', 'blocking', 'fast'],
    firstKey: 1,
    lastKey: -2,
    step: 1,
    group: 'sorted-set',
    summary:
      'Remove and return the member with the highest score from one or more sorted sets, or block until one is available',
    since: '5.0.0',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    handler: bzpopmax,
  }),
  command({
    name: 'bzmpop',
    arity: -5,
    flags: ['write', 'blocking'],
    getKeys: (argv) => numkeysKeys(argv, 2),
    group: 'sorted-set',
    summary: 'Remove and return members with scores in a sorted set or block until one is available',
    since: '7.0.0',
    complexity:
      'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.',
    handler: bzmpop,
  }),
  keyCommand({
    name: 'zrandmember',
    arity: -2,
    flags: ['readonly'],
    group: 'sorted-set',
    summary: 'Get one or multiple random elements from a sorted set',
    since: '6.2.0',
    complexity: 'O(N) where N is the number of elements returned',
    handler: zrandmember,
  }),
  command({
    name: 'zunion',
    arity: -3,
    flags: ['readonly'],
    getKeys: (argv) => numkeysKeys(argv, 1),
    group: 'sorted-set',
    summary: 'Add multiple sorted sets',
    since: '6.2.0',
    complexity:
      'O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.',
    handler: zunion,
  }),
  command({
    name: 'zinter',
    arity: -3,
    flags: ['readonly'],
    getKeys: (argv) => numkeysKeys(argv, 1),
    group: 'sorted-set',
    summary: 'Intersect multiple sorted sets',
    since: '6.2.0',
    complexity:
      'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.',
    handler: zinter,
  }),
  command({
    name: 'zdiff',
    arity: -3,
    flags: ['readonly'],
    getKeys: (argv) => numkeysKeys(argv, 1),
    group: 'sorted-set',
    summary: 'Subtract multiple sorted sets',
    since: '6.2.0',
    complexity:
      'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.',
    handler: zdiff,
  }),
  command({
    name: 'zunionstore',
    arity: -4,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    getKeys: storeKeys,
    group: 'sorted-set',
    summary: 'Add multiple sorted sets and store the resulting sorted set in a new key',
    since: '2.0.0',
    complexity:
      'O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.',
    handler: zunionstore,
  }),
  command({
    name: 'zinterstore',
    arity: -4,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    getKeys: storeKeys,
    group: 'sorted-set',
    summary: 'Intersect multiple sorted sets and store the resulting sorted set in a new key',
    since: '2.0.0',
    complexity:
      'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.',
    handler: zinterstore,
  }),
  command({
    name: 'zdiffstore',
    arity: -4,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    getKeys: storeKeys,
    group: 'sorted-set',
    summary: 'Subtract multiple sorted sets and store the resulting sorted set in a new key',
    since: '6.2.0',
    complexity:
      'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.',
    handler: zdiffstore,
  }),
  command({
    name: 'zintercard',
    arity: -3,
    flags: ['readonly'],
    getKeys: (argv) => numkeysKeys(argv, 1),
    group: 'sorted-set',
    summary: 'Intersect multiple sorted sets and return the cardinality of the result',
    since: '7.0.0',
    complexity:
      'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.',
    handler: zintercard,
  }),
  keyCommand({
    name: 'zscan',
    arity: -3,
    flags: ['readonly'],
    group: 'sorted-set',
    summary: 'Incrementally iterate sorted sets elements and associated scores',
    since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    handler: zscan,
  }),
];
