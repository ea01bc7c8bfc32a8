// SORT and SORT_RO.
//
// SORT sorts the elements of a list, set or sorted set, numerically (each element, or the value BY
// names for it, read as a double) or with ALPHA as byte strings; BY a pattern without '*' skips the
// sort and keeps the value's own order. GET patterns replace each element by other keys' values
// (or hash fields, "key->field"; "#" is the element itself). STORE puts the result in a list.
// The steps, their order and the quirks (which element order a LIMIT applies to, what counts as a
// number) follow Redis 7.0's sort.c.

import { signalKeyReady } from '../blocking.js';
import type { Client } from '../client.js';
import * as E from '../errors.js';
import { keyMiss, NOTIFY_GENERIC, NOTIFY_LIST, notifyKeyspaceEvent } from '../notify.js';
import { parseInt64 } from '../numbers.js';
import type { Hash } from '../store/hash.js';
import type { RedisObject } from '../store/keyspace.js';
import { List } from '../store/list.js';
import { stringBytes } from '../store/rawstring.js';
import type { SetValue } from '../store/set.js';
import type { ZSet } from '../store/zset.js';
import { option } from './args.js';
import { type CommandSpec, command } from './types.js';

/** One element being sorted, with what it sorts by. */
interface Item {
  element: string;
  /** The numeric sort key (0 when BY names a missing key, as in Redis). */
  score: number;
  /** The ALPHA sort key read through BY, or null when BY names a missing key. */
  by: string | null;
}

const SCORE_ERROR = "ERR One or more scores can't be converted into double";

/**
 * C's strtod as SORT uses it: leading blanks, then a decimal or hex number, "inf" or "infinity";
 * the whole string (up to a NUL byte) must be used, and NaN or an out-of-range result (overflow or
 * underflow to a subnormal or zero, glibc's ERANGE) is an error. An empty string is 0. Returns null
 * for an error.
 */
export function sortScore(s: string): number | null {
  const nul = s.indexOf('\0');
  const text = nul < 0 ? s : s.slice(0, nul);
  if (text.length === 0) return 0;
  const m =
    /^[ \t\n\v\f\r]*([+-]?)(?:(inf(?:inity)?)|(nan)|0x((?:[0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)(?:p[+-]?[0-9]+)?)|((?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?))$/i.exec(
      text,
    );
  if (m === null || m[3] !== undefined) return null;
  const sign = m[1] === '-' ? -1 : 1;
  if (m[2] !== undefined) return sign * Number.POSITIVE_INFINITY;
  let n: number;
  let nonzero: boolean;
  if (m[4] !== undefined) {
    const h = /^([0-9a-f]*)\.?([0-9a-f]*)(?:p([+-]?[0-9]+))?$/i.exec(m[4])!;
    let mantissa = 0;
    for (const d of h[1] + h[2]) mantissa = mantissa * 16 + Number.parseInt(d, 16);
    n = mantissa * 2 ** (Number(h[3] ?? 0) - 4 * h[2].length);
    nonzero = /[1-9a-f]/i.test(h[1] + h[2]);
  } else {
    n = Number(m[5]);
    nonzero = /[1-9]/.test(m[5].replace(/e.*$/i, ''));
  }
  if (!Number.isFinite(n)) return null;
  if (nonzero && Math.abs(n) < 2.2250738585072014e-308) return null;
  return sign * n;
}

/** C's strcmp, as strcoll in the C locale: bytes up to the first NUL. */
function strcmp(a: string, b: string): number {
  const x = a.indexOf('\0');
  const y = b.indexOf('\0');
  return binaryCompare(x < 0 ? a : a.slice(0, x), y < 0 ? b : b.slice(0, y));
}

function binaryCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The value a SORT pattern names for `element` (Redis's lookupKeyByPattern): "#" is the element;
 * otherwise the first '*' is replaced by the element, and "->field" after it reads a hash field.
 * Only a string (or a hash, for a field) counts; anything else, or no '*', is null.
 */
function lookupByPattern(c: Client, pattern: string, element: string): string | null {
  if (pattern[0] === '#' && (pattern.length === 1 || pattern[1] === '\0')) return element;
  // C string functions find the '*' and the "->": they stop at a NUL byte.
  const nul = pattern.indexOf('\0');
  const searchable = nul < 0 ? pattern : pattern.slice(0, nul);
  const star = searchable.indexOf('*');
  if (star < 0) return null;
  const arrow = searchable.indexOf('->', star + 1);
  const hasField = arrow >= 0 && arrow + 2 < pattern.length && pattern[arrow + 2] !== '\0';
  const keyEnd = hasField ? arrow : pattern.length;
  const key = pattern.slice(0, star) + element + pattern.slice(star + 1, keyEnd);
  const value = c.db.get(key);
  if (value === undefined) {
    keyMiss(c, key);
    return null;
  }
  if (hasField) {
    if (typeof value === 'string' || value.type !== 'hash') return null;
    return (value as Hash).get(pattern.slice(arrow + 2)) ?? null;
  }
  if (typeof value === 'string') return value;
  if (value.type !== 'string') return null;
  return stringBytes(value as Parameters<typeof stringBytes>[0]);
}

interface SortOptions {
  desc: boolean;
  alpha: boolean;
  limitStart: number;
  limitCount: number;
  by: string | null;
  /** BY without '*': keep the value's own order. */
  dontSort: boolean;
  gets: string[];
  store: string | null;
}

/** Parse SORT's options (from argv[2]); null after replying an error. */
function parseOptions(c: Client, argv: string[], readonly: boolean): SortOptions | null {
  const o: SortOptions = {
    desc: false,
    alpha: false,
    limitStart: 0,
    limitCount: -1,
    by: null,
    dontSort: false,
    gets: [],
    store: null,
  };
  for (let j = 2; j < argv.length; j++) {
    const opt = option(argv[j]);
    const left = argv.length - j - 1;
    if (opt === 'asc') {
      o.desc = false;
    } else if (opt === 'desc') {
      o.desc = true;
    } else if (opt === 'alpha') {
      o.alpha = true;
    } else if (opt === 'limit' && left >= 2) {
      const start = parseInt64(argv[j + 1]);
      const count = start === null ? null : parseInt64(argv[j + 2]);
      if (start === null || count === null) {
        c.out.error(E.ERR_NOT_INTEGER);
        return null;
      }
      o.limitStart = start;
      o.limitCount = count;
      j += 2;
    } else if (opt === 'store' && left >= 1 && !readonly) {
      o.store = argv[++j];
    } else if (opt === 'by' && left >= 1) {
      o.by = argv[++j];
      // As strchr: a '*' after a NUL byte does not count.
      const nul = o.by.indexOf('\0');
      o.dontSort = !(nul < 0 ? o.by : o.by.slice(0, nul)).includes('*');
    } else if (opt === 'get' && left >= 1) {
      o.gets.push(argv[++j]);
    } else {
      c.out.error(E.ERR_SYNTAX);
      return null;
    }
  }
  return o;
}

/** SORT key ... and SORT_RO key ...; `readonly` refuses STORE (as an unknown option). */
function sortGeneric(c: Client, argv: string[], readonly: boolean): void {
  const o = parseOptions(c, argv, readonly);
  if (o === null) return;
  const db = c.db;
  const value = db.get(argv[1]);
  if (value === undefined) keyMiss(c, argv[1]);
  if (value !== undefined && (typeof value === 'string' || !['list', 'set', 'zset'].includes(value.type)))
    return c.out.error(E.WRONGTYPE);
  const type = value === undefined ? 'list' : (value as RedisObject).type;

  let { dontSort, alpha, by } = o;
  // A set has no order of its own: sorting its elements keeps a stored result, and what a script
  // sees, the same everywhere (replicas and the AOF replay both).
  if (dontSort && type === 'set' && (o.store !== null || c.isScriptClient)) {
    dontSort = false;
    alpha = true;
    by = null;
  }
  // Redis converts a listpack-encoded sorted set for good before sorting it.
  if (type === 'zset') (value as ZSet).listpack = false;

  const all = elementsOf(value);
  const size = all.length;
  let start = Math.max(0, o.limitStart);
  let end = o.limitCount < 0 ? size - 1 : start + o.limitCount - 1;
  if (start >= size) {
    start = size - 1;
    end = size - 2;
  }
  if (end >= size) end = size - 1;

  let elements: string[];
  if (dontSort && type !== 'set') {
    // A list or sorted set keeps its order, DESC reversing it, and LIMIT takes the range directly.
    const ordered = o.desc ? all.reverse() : all;
    elements = end >= start ? ordered.slice(start, end + 1) : [];
  } else {
    let items: Item[] = all.map((element) => ({ element, score: 0, by: null }));
    let badScore = false;
    if (!dontSort) {
      for (const item of items) {
        const key = by === null ? item.element : lookupByPattern(c, by, item.element);
        if (key === null) continue;
        if (alpha) {
          if (by !== null) item.by = key;
        } else {
          const score = sortScore(key);
          if (score === null) badScore = true;
          else item.score = score;
        }
      }
      items.sort(comparator(alpha, by !== null, o.store !== null, o.desc));
    }
    if (badScore) return c.out.error(SCORE_ERROR);
    items = end >= start ? items.slice(start, end + 1) : [];
    elements = items.map((i) => i.element);
  }

  const outputs = o.gets.length === 0 ? elements.length : o.gets.length * elements.length;
  if (o.store === null) {
    c.out.array(outputs);
    for (const element of elements) {
      if (o.gets.length === 0) c.out.bulk(element);
      for (const pattern of o.gets) c.out.bulkOrNull(lookupByPattern(c, pattern, element));
    }
    return;
  }
  const result: string[] = [];
  for (const element of elements) {
    if (o.gets.length === 0) result.push(element);
    for (const pattern of o.gets) result.push(lookupByPattern(c, pattern, element) ?? '');
  }
  if (result.length > 0) {
    db.set(o.store, newList(result));
    notifyKeyspaceEvent(c.server, NOTIFY_LIST, 'sortstore', o.store, db.id);
    signalKeyReady(c.server, db, o.store); // a client may be blocked in BLPOP on it
  } else if (db.delete(o.store)) {
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', o.store, db.id);
  }
  c.out.integer(result.length);
}

/** The elements of the value to sort, in its own order (ascending for an intset or a sorted set). */
function elementsOf(value: RedisObject | string | undefined): string[] {
  if (value === undefined || typeof value === 'string') return [];
  if (value.type === 'set') return (value as SetValue).toArray();
  if (value.type === 'zset') return Array.from((value as ZSet).list, (node) => node.member);
  return listElements(value);
}

/** A list's elements, head to tail. */
function listElements(value: RedisObject): string[] {
  return (value as List).toArray();
}

/** A new list value holding `elements` (SORT ... STORE). */
function newList(elements: string[]): List {
  const list = new List(elements.length);
  for (const e of elements) list.pushBack(e);
  return list;
}

/** Redis's sortCompare. */
function comparator(
  alpha: boolean,
  byPattern: boolean,
  store: boolean,
  desc: boolean,
): (a: Item, b: Item) => number {
  const compare = store ? binaryCompare : strcmp;
  let cmp: (a: Item, b: Item) => number;
  if (!alpha) {
    // Equal scores fall back to the elements' bytes, so the order is always the same.
    cmp = (a, b) => (a.score > b.score ? 1 : a.score < b.score ? -1 : binaryCompare(a.element, b.element));
  } else if (byPattern) {
    // A missing BY value sorts first.
    cmp = (a, b) => {
      if (a.by === null || b.by === null) return a.by === b.by ? 0 : a.by === null ? -1 : 1;
      return compare(a.by, b.by);
    };
  } else {
    cmp = (a, b) => compare(a.element, b.element);
  }
  return desc ? (a, b) => -cmp(a, b) : cmp;
}

// SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA]
//   [STORE destination]
function sort(c: Client, argv: string[]): void {
  sortGeneric(c, argv, false);
}

// SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA]
function sortRo(c: Client, argv: string[]): void {
  sortGeneric(c, argv, true);
}

/**
 * SORT's key positions, as Redis's sortGetKeys: the key, and the last STORE's destination. LIMIT,
 * GET and BY skip their arguments; STORE does not skip its own.
 */
function sortKeys(argv: string[]): number[] {
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    const opt = option(argv[i]);
    if (opt === 'limit') i += 2;
    else if (opt === 'store' && i + 1 < argv.length) store = i + 1;
    else if (opt === 'get' || opt === 'by') i += 1;
  }
  return store < 0 ? [1] : [1, store];
}

export const commands: CommandSpec[] = [
  command({
    name: 'sort',
    arity: -2,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    getKeys: sortKeys,
    group: 'generic',
    acl: ['-keyspace', 'set', 'sortedset', 'list', 'dangerous'],
    summary: 'Sort the elements in a list, set or sorted set',
    complexity:
      'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).',
    handler: sort,
  }),
  command({
    name: 'sort_ro',
    arity: -2,
    flags: ['readonly'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    getKeys: () => [1],
    group: 'generic',
    acl: ['-keyspace', 'set', 'sortedset', 'list', 'dangerous'],
    summary: 'Sort the elements in a list, set or sorted set. Read-only variant of SORT.',
    since: '7.0.0',
    complexity:
      'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).',
    handler: sortRo,
  }),
];
