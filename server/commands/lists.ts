// List commands: pushes and pops at both ends, access by index and by value, moves between lists,
// and the blocking pops (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP), which wait through blocking.ts.
//
// A list value is a List (store/list.ts). An emptied list is deleted, so a key never holds an empty
// list: "the key exists" and "the list has elements" mean the same thing. Every command that adds
// elements calls signalKeyReady, so a client blocked on that key is served once the command is done.

import { blockClient, parseTimeout, signalKeyReady } from '../blocking.js';
import type { Client } from '../client.js';
import * as E from '../errors.js';
import { keyMiss, NOTIFY_GENERIC, NOTIFY_LIST, notifyKeyspaceEvent } from '../notify.js';
import { parseInt64 } from '../numbers.js';
import type { Database, Value } from '../store/keyspace.js';
import { type End, List } from '../store/list.js';
import { option } from './args.js';
import { type CommandSpec, command, keyCommand } from './types.js';

function isList(v: Value): v is List {
  return typeof v !== 'string' && v.type === 'list';
}

/** LEFT or RIGHT (getListPositionFromObjectOrReply); null when it is neither. */
function parseEnd(arg: string): End | null {
  const o = option(arg);
  return o === 'left' ? 'left' : o === 'right' ? 'right' : null;
}

/**
 * Redis's getRangeLongFromObjectOrReply with a message: an integer in [min, 2^63-1], or null, and
 * the one message is the reply both for a non-integer and for a value out of range.
 */
function parseRange(c: Client, arg: string, min: number, message: string): number | null {
  const n = parseInt64(arg);
  if (n === null || n < min) {
    c.out.error(message);
    return null;
  }
  return n;
}

/** A signed 64-bit integer argument, or null after replying Redis's error. */
function parseLong(c: Client, arg: string): number | null {
  const n = parseInt64(arg);
  if (n === null) c.out.error(E.ERR_NOT_INTEGER);
  return n;
}

/**
 * Record an in-place change to the list at `key` and raise `event` for it: a list left empty is then
 * deleted (which tells watchers) with a "del" event, any other tells watchers once.
 */
function changed(c: Client, db: Database, key: string, list: List, event: string): void {
  notifyKeyspaceEvent(c.server, NOTIFY_LIST, event, key, db.id);
  if (list.length === 0) {
    db.delete(key);
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', key, db.id);
  } else {
    c.server.keyModified(db, key);
  }
}

/** The event a pop at `end` raises. */
function popEvent(end: End): string {
  return end === 'left' ? 'lpop' : 'rpop';
}

/**
 * Push `values` from index `from` on at `end` of the list at `key` of `db`, creating it if needed;
 * `list` is what the caller found there. Returns the list.
 */
function pushValues(
  c: Client,
  db: Database,
  key: string,
  list: List | undefined,
  end: End,
  values: string[],
  from = 0,
) {
  const created = list === undefined;
  if (list === undefined) list = new List(values.length - from);
  for (let i = from; i < values.length; i++) list.push(end, values[i]);
  if (created) db.set(key, list);
  else c.server.keyModified(db, key);
  notifyKeyspaceEvent(c.server, NOTIFY_LIST, end === 'left' ? 'lpush' : 'rpush', key, db.id);
  signalKeyReady(c.server, db, key);
  return list;
}

// ---- pushes ------------------------------------------------------------------------------------------

function pushCommand(end: End, onlyIfExists: boolean) {
  // LPUSH key element [element ...]   (RPUSH, LPUSHX, RPUSHX alike)
  return (c: Client, argv: string[]): void => {
    const key = argv[1];
    const v = c.db.get(key);
    if (v !== undefined && !isList(v)) return c.out.error(E.WRONGTYPE);
    if (v === undefined && onlyIfExists) return c.out.integer(0);
    const list = pushValues(c, c.db, key, v, end, argv, 2);
    c.out.integer(list.length);
  };
}

// LINSERT key <BEFORE | AFTER> pivot element
function linsert(c: Client, argv: string[]): void {
  const where = option(argv[2]);
  if (where !== 'before' && where !== 'after') return c.out.error(E.ERR_SYNTAX);
  const key = argv[1];
  const list = c.db.get(key);
  if (list === undefined) return c.out.integer(0);
  if (!isList(list)) return c.out.error(E.WRONGTYPE);
  const pivot = list.indexOf(argv[3]);
  if (pivot < 0) return c.out.integer(-1);
  list.insert(where === 'before' ? pivot : pivot + 1, argv[4]);
  c.server.keyModified(c.db, key);
  notifyKeyspaceEvent(c.server, NOTIFY_LIST, 'linsert', key, c.db.id);
  c.out.integer(list.length);
}

// ---- pops ----------------------------------------------------------------------------------------

function popCommand(end: End) {
  // LPOP key [count]   (RPOP alike)
  return (c: Client, argv: string[]): void => {
    if (argv.length > 3) return c.out.error(E.ERR_WRONG_ARITY(argv[0].toLowerCase()));
    let count = -1;
    if (argv.length === 3) {
      const n = parseRange(c, argv[2], 0, E.ERR_NOT_POSITIVE);
      if (n === null) return;
      count = n;
    }
    const key = argv[1];
    const list = c.db.get(key);
    if (list === undefined) return count < 0 ? c.out.nullBulk() : c.out.nullArray();
    if (!isList(list)) return c.out.error(E.WRONGTYPE);
    if (count < 0) {
      c.out.bulk(list.pop(end)!);
    } else {
      const n = Math.min(count, list.length);
      c.out.array(n);
      for (let i = 0; i < n; i++) c.out.bulk(list.pop(end)!);
      if (n === 0) return;
    }
    changed(c, c.db, key, list, popEvent(end));
  };
}

/** Pop up to `count` elements from the list at `key` and reply [key, [elements]] (LMPOP, BLMPOP). */
function popManyWithKey(c: Client, db: Database, key: string, list: List, end: End, count: number): void {
  const n = Math.min(count, list.length);
  c.out.array(2);
  c.out.bulk(key);
  c.out.array(n);
  for (let i = 0; i < n; i++) c.out.bulk(list.pop(end)!);
  changed(c, db, key, list, popEvent(end));
}

// ---- reads ---------------------------------------------------------------------------------------

// LLEN key
function llen(c: Client, argv: string[]): void {
  const list = c.db.get(argv[1]);
  if (list === undefined) {
    keyMiss(c, argv[1]);
    return c.out.integer(0);
  }
  if (!isList(list)) return c.out.error(E.WRONGTYPE);
  c.out.integer(list.length);
}

// LRANGE key start stop
function lrange(c: Client, argv: string[]): void {
  let start = parseLong(c, argv[2]);
  if (start === null) return;
  let stop = parseLong(c, argv[3]);
  if (stop === null) return;
  const list = c.db.get(argv[1]);
  if (list === undefined) {
    keyMiss(c, argv[1]);
    return c.out.array(0);
  }
  if (!isList(list)) return c.out.error(E.WRONGTYPE);
  const len = list.length;
  if (start < 0) start += len;
  if (stop < 0) stop += len;
  if (start < 0) start = 0;
  if (start > stop || start >= len) return c.out.array(0);
  if (stop >= len) stop = len - 1;
  c.out.array(stop - start + 1);
  for (let i = start; i <= stop; i++) c.out.bulk(list.at(i)!);
}

// LINDEX key index
function lindex(c: Client, argv: string[]): void {
  // Redis looks the key up before it reads the index: a missing key is nil whatever the index says.
  const list = c.db.get(argv[1]);
  if (list === undefined) {
    keyMiss(c, argv[1]);
    return c.out.nullBulk();
  }
  if (!isList(list)) return c.out.error(E.WRONGTYPE);
  const index = parseLong(c, argv[2]);
  if (index === null) return;
  const v = list.at(index < 0 ? index + list.length : index);
  if (v === undefined) return c.out.nullBulk();
  c.out.bulk(v);
}

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
function lpos(c: Client, argv: string[]): void {
  let rank = 1;
  let count = -1; // not given: reply one index (or nil) instead of an array
  let maxlen = 0;
  for (let i = 3; i < argv.length; i++) {
    const opt = option(argv[i]);
    const more = i + 1 < argv.length;
    if (opt === 'rank' && more) {
      const n = parseLong(c, argv[++i]);
      if (n === null) return;
      if (n === 0) return c.out.error(E.ERR_LPOS_RANK_ZERO);
      rank = n;
    } else if (opt === 'count' && more) {
      const n = parseRange(c, argv[++i], 0, E.ERR_LPOS_COUNT_NEGATIVE);
      if (n === null) return;
      count = n;
    } else if (opt === 'maxlen' && more) {
      const n = parseRange(c, argv[++i], 0, E.ERR_LPOS_MAXLEN_NEGATIVE);
      if (n === null) return;
      maxlen = n;
    } else {
      return c.out.error(E.ERR_SYNTAX);
    }
  }
  const list = c.db.get(argv[1]);
  if (list === undefined) {
    keyMiss(c, argv[1]);
    return count < 0 ? c.out.nullBulk() : c.out.array(0);
  }
  if (!isList(list)) return c.out.error(E.WRONGTYPE);
  const element = argv[2];
  const len = list.length;
  const fromTail = rank < 0;
  // Redis negates a negative rank in a C long: LONG_MIN stays negative, which acts as rank 1.
  let skip = fromTail ? (rank === -(2 ** 63) ? 0 : -rank - 1) : rank - 1;
  const found: number[] = [];
  const limit = maxlen === 0 ? len : Math.min(maxlen, len);
  for (let scanned = 0; scanned < limit; scanned++) {
    const index = fromTail ? len - 1 - scanned : scanned;
    if (list.at(index) !== element) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    found.push(index);
    if (count < 0 || found.length === count) break;
  }
  if (count < 0) return found.length === 0 ? c.out.nullBulk() : c.out.integer(found[0]);
  c.out.array(found.length);
  for (const index of found) c.out.integer(index);
}

// ---- in-place changes ------------------------------------------------------------------------------

// LSET key index element
function lset(c: Client, argv: string[]): void {
  const key = argv[1];
  const list = c.db.get(key);
  if (list === undefined) return c.out.error(E.ERR_NO_SUCH_KEY);
  if (!isList(list)) return c.out.error(E.WRONGTYPE);
  const index = parseLong(c, argv[2]);
  if (index === null) return;
  const i = index < 0 ? index + list.length : index;
  if (i < 0 || i >= list.length) return c.out.error(E.ERR_INDEX_OUT_OF_RANGE);
  list.set(i, argv[3]);
  c.server.keyModified(c.db, key);
  notifyKeyspaceEvent(c.server, NOTIFY_LIST, 'lset', key, c.db.id);
  c.out.ok();
}

// LREM key count element
function lrem(c: Client, argv: string[]): void {
  const count = parseLong(c, argv[2]);
  if (count === null) return;
  const key = argv[1];
  const list = c.db.get(key);
  if (list === undefined) return c.out.integer(0);
  if (!isList(list)) return c.out.error(E.WRONGTYPE);
  const element = argv[3];
  let removed: number;
  if (count >= 0) {
    let left = count === 0 ? Number.POSITIVE_INFINITY : count;
    removed = list.filter((v) => v !== element || left-- <= 0);
  } else {
    // From the tail: find the lowest index among the last |count| matches, then drop matches from there.
    let left = -count;
    let from = list.length;
    for (let i = list.length - 1; i >= 0 && left > 0; i--) {
      if (list.at(i) === element) {
        from = i;
        left--;
      }
    }
    removed = list.filter((v, i) => v !== element || i < from);
  }
  if (removed > 0) changed(c, c.db, key, list, 'lrem');
  c.out.integer(removed);
}

// LTRIM key start stop
function ltrim(c: Client, argv: string[]): void {
  let start = parseLong(c, argv[2]);
  if (start === null) return;
  let stop = parseLong(c, argv[3]);
  if (stop === null) return;
  const key = argv[1];
  const list = c.db.get(key);
  if (list === undefined) return c.out.ok();
  if (!isList(list)) return c.out.error(E.WRONGTYPE);
  const len = list.length;
  if (start < 0) start += len;
  if (stop < 0) stop += len;
  if (start < 0) start = 0;
  let fromHead: number;
  let fromTail: number;
  if (start > stop || start >= len) {
    fromHead = len;
    fromTail = 0;
  } else {
    if (stop >= len) stop = len - 1;
    fromHead = start;
    fromTail = len - stop - 1;
  }
  // Pops rather than a copy: a capped list (LPUSH then LTRIM 0 N) loses a few elements at one end.
  for (let i = 0; i < fromHead; i++) list.popFront();
  for (let i = 0; i < fromTail; i++) list.popBack();
  // Redis signals the key as modified even when nothing was trimmed.
  changed(c, c.db, key, list, 'ltrim');
  c.out.ok();
}

// ---- moves ---------------------------------------------------------------------------------------

/**
 * Move one element from the list `source` to the list at `destination` and reply it (LMOVE and a
 * served BLMOVE). The caller has checked that the source is a list with elements; returns false
 * after replying WRONGTYPE when the destination holds something else.
 */
function moveElement(
  c: Client,
  db: Database,
  source: string,
  list: List,
  destination: string,
  from: End,
  to: End,
): boolean {
  const dst = db.get(destination);
  if (dst !== undefined && !isList(dst)) {
    c.out.error(E.WRONGTYPE);
    return false;
  }
  const v = list.pop(from)!;
  // Push before deleting an emptied source: when source and destination are the same key, the
  // element goes back into the same list (a rotation), which is then not empty.
  pushValues(c, db, destination, dst, to, [v]);
  if (source !== destination) changed(c, db, source, list, popEvent(from));
  else notifyKeyspaceEvent(c.server, NOTIFY_LIST, popEvent(from), source, db.id);
  c.out.bulk(v);
  return true;
}

/** LMOVE's work once its arguments are parsed (RPOPLPUSH is LMOVE source destination RIGHT LEFT). */
function lmoveGeneric(c: Client, source: string, destination: string, from: End, to: End): void {
  const list = c.db.get(source);
  if (list === undefined) return c.out.nullBulk();
  if (!isList(list)) return c.out.error(E.WRONGTYPE);
  moveElement(c, c.db, source, list, destination, from, to);
}

// LMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT>
function lmove(c: Client, argv: string[]): void {
  const from = parseEnd(argv[3]);
  const to = from && parseEnd(argv[4]);
  if (!from || !to) return c.out.error(E.ERR_SYNTAX);
  lmoveGeneric(c, argv[1], argv[2], from, to);
}

// RPOPLPUSH source destination
function rpoplpush(c: Client, argv: string[]): void {
  lmoveGeneric(c, argv[1], argv[2], 'right', 'left');
}

// ---- LMPOP -------------------------------------------------------------------------------------------

interface MpopArgs {
  keys: string[];
  end: End;
  count: number;
}

/** Parse `numkeys key [key ...] <LEFT | RIGHT> [COUNT count]` from argv[at]; null after replying an error. */
function parseMpop(c: Client, argv: string[], at: number): MpopArgs | null {
  const numkeys = parseRange(c, argv[at], 1, E.ERR_NUMKEYS_POSITIVE);
  if (numkeys === null) return null;
  const whereAt = at + numkeys + 1;
  if (whereAt >= argv.length) {
    c.out.error(E.ERR_SYNTAX);
    return null;
  }
  const end = parseEnd(argv[whereAt]);
  if (!end) {
    c.out.error(E.ERR_SYNTAX);
    return null;
  }
  let count = -1;
  for (let i = whereAt + 1; i < argv.length; i++) {
    if (count === -1 && option(argv[i]) === 'count' && i + 1 < argv.length) {
      const n = parseRange(c, argv[++i], 1, E.ERR_COUNT_POSITIVE);
      if (n === null) return null;
      count = n;
    } else {
      c.out.error(E.ERR_SYNTAX);
      return null;
    }
  }
  return { keys: argv.slice(at + 1, whereAt), end, count: count === -1 ? 1 : count };
}

/**
 * Serve an LMPOP from the first of `keys` that holds a list; returns whether it replied (with the
 * elements or WRONGTYPE), false when every key is missing.
 */
function mpopFirst(c: Client, { keys, end, count }: MpopArgs): boolean {
  for (const key of keys) {
    const list = c.db.get(key);
    if (list === undefined) continue;
    if (!isList(list)) c.out.error(E.WRONGTYPE);
    else popManyWithKey(c, c.db, key, list, end, count);
    return true;
  }
  return false;
}

// LMPOP numkeys key [key ...] <LEFT | RIGHT> [COUNT count]
function lmpop(c: Client, argv: string[]): void {
  const args = parseMpop(c, argv, 1);
  if (args && !mpopFirst(c, args)) c.out.nullArray();
}

/**
 * The key positions of LMPOP/BLMPOP (genericGetKeys): `numkeys` at `countAt`, read as C's atoi,
 * and no keys at all when it is out of range.
 */
function mpopKeys(countAt: number) {
  return (argv: string[]): number[] => {
    const n = Number.parseInt(argv[countAt] ?? '', 10);
    const first = countAt + 1;
    if (!(n >= 1) || n > argv.length - first) return [];
    return Array.from({ length: n }, (_, i) => first + i);
  };
}

// ---- blocking ----------------------------------------------------------------------------------------

/** The list at `key` of `db` if it holds elements a blocked client can take. */
function readyList(db: Database, key: string): List | null {
  const v = db.get(key);
  return v !== undefined && isList(v) && v.length > 0 ? v : null;
}

function blockingPopCommand(end: End) {
  // BLPOP key [key ...] timeout   (BRPOP alike)
  return (c: Client, argv: string[]): void => {
    const timeout = parseTimeout(c, argv[argv.length - 1]);
    if (timeout === null) return;
    const keys = argv.slice(1, -1);
    for (const key of keys) {
      const list = c.db.get(key);
      if (list === undefined) continue;
      if (!isList(list)) return c.out.error(E.WRONGTYPE);
      return replyPopWithKey(c, c.db, key, list, end);
    }
    if (c.denyBlocking) return c.out.nullArray();
    const db = c.db;
    blockClient(
      c,
      db,
      keys,
      timeout,
      (key) => {
        const list = readyList(db, key);
        if (!list) return false;
        replyPopWithKey(c, db, key, list, end);
        return true;
      },
      () => c.out.nullArray(),
    );
  };
}

/** Pop one element and reply [key, element] (BLPOP, BRPOP). */
function replyPopWithKey(c: Client, db: Database, key: string, list: List, end: End): void {
  c.out.array(2);
  c.out.bulk(key);
  c.out.bulk(list.pop(end)!);
  changed(c, db, key, list, popEvent(end));
}

/** BLMOVE's work once its positions are parsed; the timeout is argv[timeoutAt]. */
function blmoveGeneric(c: Client, argv: string[], from: End, to: End, timeoutAt: number): void {
  const timeout = parseTimeout(c, argv[timeoutAt]);
  if (timeout === null) return;
  const source = argv[1];
  const destination = argv[2];
  const list = c.db.get(source);
  if (list !== undefined) {
    if (!isList(list)) return c.out.error(E.WRONGTYPE);
    moveElement(c, c.db, source, list, destination, from, to);
    return;
  }
  // Redis answers a refused BLMOVE with a null bulk string, but a timed-out one with a null array.
  if (c.denyBlocking) return c.out.nullBulk();
  const db = c.db;
  blockClient(
    c,
    db,
    [source],
    timeout,
    (key) => {
      const ready = readyList(db, key);
      if (!ready) return false;
      // A destination of the wrong type ends the wait with WRONGTYPE and the source untouched.
      moveElement(c, db, source, ready, destination, from, to);
      return true;
    },
    () => c.out.nullArray(),
  );
}

// BLMOVE source destination <LEFT | RIGHT> <LEFT | RIGHT> timeout
function blmove(c: Client, argv: string[]): void {
  const from = parseEnd(argv[3]);
  const to = from && parseEnd(argv[4]);
  if (!from || !to) return c.out.error(E.ERR_SYNTAX);
  blmoveGeneric(c, argv, from, to, 5);
}

// BRPOPLPUSH source destination timeout
function brpoplpush(c: Client, argv: string[]): void {
  blmoveGeneric(c, argv, 'right', 'left', 3);
}

// BLMPOP timeout numkeys key [key ...] <LEFT | RIGHT> [COUNT count]
function blmpop(c: Client, argv: string[]): void {
  const timeout = parseTimeout(c, argv[1]);
  if (timeout === null) return;
  const args = parseMpop(c, argv, 2);
  if (!args || mpopFirst(c, args)) return;
  if (c.denyBlocking) return c.out.nullArray();
  const db = c.db;
  blockClient(
    c,
    db,
    args.keys,
    timeout,
    (key) => {
      const list = readyList(db, key);
      if (!list) return false;
      popManyWithKey(c, db, key, list, args.end, args.count);
      return true;
    },
    () => c.out.nullArray(),
  );
}

// ---- the table ---------------------------------------------------------------------------------------

const PUSH_COMPLEXITY =
  'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.';
const MPOP_COMPLEXITY =
  'O(N+M) where N is the number of provided keys and M is the number of elements returned.';

export const commands: CommandSpec[] = [
  keyCommand({
    name: 'lpush',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'list',
    summary: 'Prepend one or multiple elements to a list',
    complexity: PUSH_COMPLEXITY,
    handler: pushCommand('left', false),
  }),
  keyCommand({
    name: 'rpush',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'list',
    summary: 'Append one or multiple elements to a list',
    complexity: PUSH_COMPLEXITY,
    handler: pushCommand('right', false),
  }),
  keyCommand({
    name: 'lpushx',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'list',
    summary: 'Prepend an element to a list, only if the list exists',
    since: '2.2.0',
    complexity: PUSH_COMPLEXITY,
    handler: pushCommand('left', true),
  }),
  keyCommand({
    name: 'rpushx',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    group: 'list',
    summary: 'Append an element to a list, only if the list exists',
    since: '2.2.0',
    complexity: PUSH_COMPLEXITY,
    handler: pushCommand('right', true),
  }),
  keyCommand({
    name: 'lpop',
    arity: -2,
    flags: ['write', 'fast'],
    group: 'list',
    summary: 'Remove and get the first elements in a list',
    complexity: 'O(N) where N is the number of elements returned',
    handler: popCommand('left'),
  }),
  keyCommand({
    name: 'rpop',
    arity: -2,
    flags: ['write', 'fast'],
    group: 'list',
    summary: 'Remove and get the last elements in a list',
    complexity: 'O(N) where N is the number of elements returned',
    handler: popCommand('right'),
  }),
  keyCommand({
    name: 'llen',
    arity: 2,
    flags: ['readonly', 'fast'],
    group: 'list',
    summary: 'Get the length of a list',
    complexity: 'O(1)',
    handler: llen,
  }),
  keyCommand({
    name: 'lrange',
    arity: 4,
    flags: ['readonly'],
    group: 'list',
    summary: 'Get a range of elements from a list',
    complexity:
      'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.',
    handler: lrange,
  }),
  keyCommand({
    name: 'lindex',
    arity: 3,
    flags: ['readonly'],
    group: 'list',
    summary: 'Get an element from a list by its index',
    complexity:
      'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).',
    handler: lindex,
  }),
  keyCommand({
    name: 'lset',
    arity: 4,
    flags: ['write', 'denyoom'],
    group: 'list',
    summary: 'Set the value of an element in a list by its index',
    complexity:
      'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).',
    handler: lset,
  }),
  keyCommand({
    name: 'linsert',
    arity: 5,
    flags: ['write', 'denyoom'],
    group: 'list',
    summary: 'Insert an element before or after another element in a list',
    since: '2.2.0',
    complexity:
      'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).',
    handler: linsert,
  }),
  keyCommand({
    name: 'lrem',
    arity: 4,
    flags: ['write'],
    group: 'list',
    summary: 'Remove elements from a list',
    complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.',
    handler: lrem,
  }),
  keyCommand({
    name: 'ltrim',
    arity: 4,
    flags: ['write'],
    group: 'list',
    summary: 'Trim a list to the specified range',
    complexity: 'O(N) where N is the number of elements to be removed by the operation.',
    handler: ltrim,
  }),
  keyCommand({
    name: 'lpos',
    arity: -3,
    flags: ['readonly'],
    group: 'list',
    summary: 'Return the index of matching elements on a list',
    since: '6.0.6',
    complexity:
      'O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.',
    handler: lpos,
  }),
  command({
    name: 'lmove',
    arity: 5,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'list',
    summary: 'Pop an element from a list, push it to another list and return it',
    since: '6.2.0',
    complexity: 'O(1)',
    handler: lmove,
  }),
  command({
    name: 'rpoplpush',
    arity: 3,
    flags: ['write', 'denyoom'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'list',
    summary: 'Remove the last element in a list, prepend it to another list and return it',
    since: '1.2.0',
    complexity: 'O(1)',
    handler: rpoplpush,
  }),
  command({
    name: 'lmpop',
    arity: -4,
    flags: ['write'],
    getKeys: mpopKeys(1),
    group: 'list',
    summary: 'Pop elements from a list',
    since: '7.0.0',
    complexity: MPOP_COMPLEXITY,
    handler: lmpop,
  }),
  command({
    name: 'blpop',
    arity: -3,
    flags: ['write', 'noscript', 'blocking'],
    firstKey: 1,
    lastKey: -2,
    step: 1,
    group: 'list',
    summary: 'Remove and get the first element in a list, or block until one is available',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of provided keys.',
    handler: blockingPopCommand('left'),
  }),
  command({
    name: 'brpop',
    arity: -3,
    flags: ['write', 'noscript', 'blocking'],
    firstKey: 1,
    lastKey: -2,
    step: 1,
    group: 'list',
    summary: 'Remove and get the last element in a list, or block until one is available',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of provided keys.',
    handler: blockingPopCommand('right'),
  }),
  command({
    name: 'blmove',
    arity: 6,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'list',
    summary:
      'Pop an element from a list, push it to another list and return it; or block until one is available',
    since: '6.2.0',
    complexity: 'O(1)',
    handler: blmove,
  }),
  command({
    name: 'brpoplpush',
    arity: 4,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    firstKey: 1,
    lastKey: 2,
    step: 1,
    group: 'list',
    summary:
      'Pop an element from a list, push it to another list and return it; or block until one is available',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: brpoplpush,
  }),
  command({
    name: 'blmpop',
    arity: -5,
    flags: ['write', 'blocking'],
    getKeys: mpopKeys(2),
    group: 'list',
    summary: 'Pop elements from a list, or block until one is available',
    since: '7.0.0',
    complexity: MPOP_COMPLEXITY,
    handler: blmpop,
  }),
];
