// Streams and consumer groups (XADD, XREAD, XREADGROUP, XACK, XCLAIM, XINFO, ...), as Redis 7.0's
// t_stream.c. The data structure is store/stream.ts; this file parses arguments, replies, raises
// keyspace events and wakes blocked readers.
//
// XREAD BLOCK and XREADGROUP BLOCK wait through blocking.ts. XADD signals the key, so a waiter whose
// ID is below the new top entry is served once the command (or EXEC, or script) is done. An
// XREADGROUP waiter also ends with an error when its group is destroyed (NOGROUP) or its key stops
// being a stream (UNBLOCKED): see streamKeyChanged, which the server calls on every key change.
//
// As in Redis, only XADD, XDEL, XTRIM and XGROUP CREATE MKSTREAM tell WATCH (signalModifiedKey); the
// consumer-group commands only count as dirty.

import { blockClient, signalKeyReady } from '../blocking.js';
import type { Client } from '../client.js';
import * as E from '../errors.js';
import { NOTIFY_STREAM, notifyKeyspaceEvent } from '../notify.js';
import { parseInt64, parseInt64Big } from '../numbers.js';
import type { RespiteServer } from '../server.js';
import type { Database, Value } from '../store/keyspace.js';
import {
  type Consumer,
  type ConsumerGroup,
  INVALID_ENTRIES_READ,
  keyDecr,
  keyIncr,
  keyText,
  MAX_KEY,
  type NodeLimits,
  type ParsedId,
  parseId,
  Stream,
  StreamEntry,
  type TrimArgs,
  ZERO_KEY,
} from '../store/stream.js';
import { option } from './args.js';
import { replyHelp } from './connection.js';
import { type CommandSpec, command } from './types.js';

function isStream(v: Value | undefined): v is Stream {
  return v !== undefined && typeof v !== 'string' && v.type === 'stream';
}

function nodeLimits(c: Client): NodeLimits {
  const config = c.server.config;
  return {
    maxBytes: config.getInt('stream-node-max-bytes'),
    maxEntries: config.getInt('stream-node-max-entries'),
  };
}

/** A signed 64-bit integer argument, or null after replying `message` (Redis's default by default). */
function parseLong(c: Client, arg: string, message: string = E.ERR_NOT_INTEGER): number | null {
  const n = parseInt64(arg);
  if (n === null) c.out.error(message);
  return n;
}

/** A strict ID ("-" and "+" refused; missing seq 0), or null after replying. */
function parseStrictId(c: Client, arg: string): string | null {
  const id = parseId(arg, 'min', true);
  if (id === null) c.out.error(E.ERR_STREAM_ID_INVALID);
  return id?.key ?? null;
}

/**
 * One end of a range (streamParseIntervalIDOrReply): "(" makes it exclusive, then it moves one ID
 * inwards; null after replying.
 */
function parseIntervalId(c: Client, arg: string, isStart: boolean): string | null {
  const exclusive = arg.length > 1 && arg[0] === '(';
  const id = parseId(exclusive ? arg.slice(1) : arg, isStart ? 'min' : 'max', exclusive);
  if (id === null) {
    c.out.error(E.ERR_STREAM_ID_INVALID);
    return null;
  }
  if (!exclusive) return id.key;
  const moved = isStart ? keyIncr(id.key) : keyDecr(id.key);
  if (moved === null) c.out.error(isStart ? E.ERR_INVALID_START_ID : E.ERR_INVALID_END_ID);
  return moved;
}

function notify(c: Client, event: string, key: string, db: Database = c.db): void {
  notifyKeyspaceEvent(c.server, NOTIFY_STREAM, event, key, db.id);
}

// ---- replies ----------------------------------------------------------------------------------------

/** [id, [field, value, ...]], or [id, nil] for an entry a PEL still names but the stream lost. */
function replyEntry(c: Client, e: StreamEntry): void {
  c.out.array(2);
  c.out.bulk(e.text);
  const fields = e.fields;
  if (fields === null) return c.out.nullArray();
  c.out.array(fields.length);
  for (let i = 0; i < fields.length; i++) c.out.bulk(fields[i]);
}

function replyEntries(c: Client, entries: readonly StreamEntry[]): void {
  c.out.array(entries.length);
  for (const e of entries) replyEntry(c, e);
}

function collect(s: Stream, start: string, end: string, rev: boolean, count: number): StreamEntry[] {
  const out: StreamEntry[] = [];
  s.range(start, end, rev, count, (e) => out.push(e));
  return out;
}

// ---- XADD and XTRIM ---------------------------------------------------------------------------------

interface AddTrimArgs {
  trim: TrimArgs | null;
  noMkStream: boolean;
  id: ParsedId | null;
  /** Where the ID is (XADD): the fields follow it. */
  idAt: number;
}

/** streamParseAddOrTrimArgsOrReply: the options of XADD (from argv[2] to the ID) or XTRIM. */
function parseAddTrimArgs(c: Client, argv: string[], xadd: boolean): AddTrimArgs | null {
  let strategy: TrimArgs['strategy'] | null = null;
  let approx = false;
  let maxlen = 0;
  let minid = ZERO_KEY;
  let limit = 0;
  let limitGiven = false;
  let noMkStream = false;
  let id: ParsedId | null = null;
  const fail = (message: string) => {
    c.out.error(message);
    return null;
  };
  let i = 2;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const opt = option(argv[i]);
    if (xadd && opt === '*') break;
    if ((opt === 'maxlen' || opt === 'minid') && more > 0) {
      if (strategy !== null) return fail(E.ERR_TRIM_BOTH);
      approx = false;
      const next = E.cString(argv[i + 1]);
      if (more >= 2 && next === '~') {
        approx = true;
        i++;
      } else if (more >= 2 && next === '=') {
        i++;
      }
      if (opt === 'maxlen') {
        const n = parseLong(c, argv[i + 1]);
        if (n === null) return null;
        if (n < 0) return fail(E.ERR_MAXLEN_NEGATIVE);
        maxlen = n;
      } else {
        const key = parseStrictId(c, argv[i + 1]);
        if (key === null) return null;
        minid = key;
      }
      i++;
      strategy = opt;
    } else if (opt === 'limit' && more > 0) {
      const n = parseLong(c, argv[i + 1]);
      if (n === null) return null;
      if (n < 0) return fail(E.ERR_STREAM_LIMIT_NEGATIVE);
      limit = n;
      limitGiven = true;
      i++;
    } else if (xadd && opt === 'nomkstream') {
      noMkStream = true;
    } else if (xadd) {
      id = parseId(argv[i], 'min', true, true);
      if (id === null) return fail(E.ERR_STREAM_ID_INVALID);
      break;
    } else {
      return fail(E.ERR_SYNTAX);
    }
  }
  if (limit !== 0 && strategy === null) return fail(E.ERR_LIMIT_NO_STRATEGY);
  if (!xadd && strategy === null) return fail(E.ERR_XTRIM_NO_STRATEGY);
  if (limitGiven) {
    if (!approx) return fail(E.ERR_LIMIT_NO_APPROX);
  } else if (approx) {
    // Redis bounds the work of a ~ trim to 100 nodes unless told otherwise.
    limit = 100 * c.server.config.getInt('stream-node-max-entries');
    if (limit <= 0) limit = 10000;
    if (limit > 1000000) limit = 1000000;
  } else {
    limit = 0;
  }
  const trim = strategy === null ? null : { strategy, maxlen, minid, approx, limit };
  return { trim, noMkStream, id, idAt: i };
}

// XADD key [NOMKSTREAM] [<MAXLEN | MINID> [= | ~] threshold [LIMIT count]] <* | id> field value [field value ...]
function xadd(c: Client, argv: string[]): void {
  const args = parseAddTrimArgs(c, argv, true);
  if (args === null) return;
  const fieldsAt = args.idAt + 1;
  const n = argv.length - fieldsAt;
  if (n < 2 || n % 2 === 1) return c.out.error(E.ERR_WRONG_ARITY('xadd'));
  const id = args.id ?? undefined;
  if (id?.seqGiven && id.key === ZERO_KEY) return c.out.error(E.ERR_XADD_ID_ZERO);
  const key = argv[1];
  const db = c.db;
  const v = db.get(key);
  if (v !== undefined && !isStream(v)) return c.out.error(E.WRONGTYPE);
  if (v === undefined && args.noMkStream) return c.out.nullBulk();
  const s = v ?? new Stream();
  if (s.lastKey === MAX_KEY) return c.out.error(E.ERR_XADD_EXHAUSTED);
  const idKey = s.nextKey(c.server.now(), id);
  if (idKey === null) return c.out.error(E.ERR_XADD_ID_SMALL);
  const entry = s.append(idKey, argv.slice(fieldsAt), nodeLimits(c));
  c.out.bulk(entry.text);
  if (v === undefined) db.set(key, s);
  else c.server.keyModified(db, key);
  notify(c, 'xadd', key);
  if (args.trim && s.trim(args.trim) > 0) notify(c, 'xtrim', key);
  signalKeyReady(c.server, db, key);
}

// XTRIM key <MAXLEN | MINID> [= | ~] threshold [LIMIT count]
function xtrim(c: Client, argv: string[]): void {
  const args = parseAddTrimArgs(c, argv, false);
  if (args === null) return;
  const key = argv[1];
  const s = c.db.get(key);
  if (s === undefined) return c.out.integer(0);
  if (!isStream(s)) return c.out.error(E.WRONGTYPE);
  const deleted = s.trim(args.trim!);
  if (deleted > 0) {
    notify(c, 'xtrim', key);
    c.server.keyModified(c.db, key);
  }
  c.out.integer(deleted);
}

// ---- reading ----------------------------------------------------------------------------------------

// XLEN key
function xlen(c: Client, argv: string[]): void {
  const s = c.db.get(argv[1]);
  if (s === undefined) return c.out.integer(0);
  if (!isStream(s)) return c.out.error(E.WRONGTYPE);
  c.out.integer(s.length);
}

function rangeCommand(rev: boolean) {
  // XRANGE key start end [COUNT count]   (XREVRANGE key end start [COUNT count])
  return (c: Client, argv: string[]): void => {
    const start = parseIntervalId(c, rev ? argv[3] : argv[2], true);
    if (start === null) return;
    const end = parseIntervalId(c, rev ? argv[2] : argv[3], false);
    if (end === null) return;
    let count = -1;
    for (let j = 4; j < argv.length; j++) {
      if (option(argv[j]) === 'count' && j + 1 < argv.length) {
        const n = parseLong(c, argv[++j]);
        if (n === null) return;
        count = Math.max(n, 0);
      } else {
        return c.out.error(E.ERR_SYNTAX);
      }
    }
    const s = c.db.get(argv[1]);
    if (s === undefined) return c.out.array(0);
    if (!isStream(s)) return c.out.error(E.WRONGTYPE);
    if (count === 0) return c.out.nullArray();
    replyEntries(c, collect(s, start, end, rev, Math.max(count, 0)));
  };
}

// XDEL key id [id ...]
function xdel(c: Client, argv: string[]): void {
  const key = argv[1];
  const s = c.db.get(key);
  if (s === undefined) return c.out.integer(0);
  if (!isStream(s)) return c.out.error(E.WRONGTYPE);
  const keys: string[] = [];
  for (let j = 2; j < argv.length; j++) {
    const id = parseStrictId(c, argv[j]);
    if (id === null) return;
    keys.push(id);
  }
  const deleted = keys.filter((k) => s.delete(k));
  s.afterDelete(deleted);
  if (deleted.length > 0) {
    c.server.keyModified(c.db, key);
    notify(c, 'xdel', key);
    c.server.dirty += deleted.length - 1;
  }
  c.out.integer(deleted.length);
}

// XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]
function xsetid(c: Client, argv: string[]): void {
  const id = parseStrictId(c, argv[2]);
  if (id === null) return;
  let entriesAdded = -1;
  let maxDeleted = ZERO_KEY;
  for (let i = 3; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const opt = option(argv[i]);
    if (opt === 'entriesadded' && more > 0) {
      const n = parseLong(c, argv[++i]);
      if (n === null) return;
      if (n < 0) return c.out.error(E.ERR_ENTRIES_ADDED_NEGATIVE);
      entriesAdded = n;
    } else if (opt === 'maxdeletedid' && more > 0) {
      const k = parseStrictId(c, argv[++i]);
      if (k === null) return;
      if (id < k) return c.out.error(E.ERR_XSETID_MAX_DELETED);
      maxDeleted = k;
    } else {
      return c.out.error(E.ERR_SYNTAX);
    }
  }
  const key = argv[1];
  const s = c.db.get(key);
  if (s === undefined) return c.out.error(E.ERR_NO_SUCH_KEY);
  if (!isStream(s)) return c.out.error(E.WRONGTYPE);
  if (s.length > 0) {
    if (id < s.lastValidKey()) return c.out.error(E.ERR_XSETID_SMALL);
    if (entriesAdded !== -1 && s.length > entriesAdded) return c.out.error(E.ERR_XSETID_ENTRIES_ADDED);
  }
  s.lastKey = id;
  if (entriesAdded !== -1) s.entriesAdded = entriesAdded;
  if (maxDeleted !== ZERO_KEY) s.maxDeletedKey = maxDeleted;
  c.out.ok();
  c.server.dirty++;
  notify(c, 'xsetid', key);
}

// ---- XREAD and XREADGROUP ----------------------------------------------------------------------------

/** Redis's XREAD_BLOCKED_DEFAULT_COUNT: a blocked read without COUNT gets at most this many. */
const BLOCKED_DEFAULT_COUNT = 1000;

/** The consumer `name` of `g`, created (with its event) if new; a lookup refreshes its seen time. */
function consumerFor(c: Client, db: Database, key: string, g: ConsumerGroup, name: string): Consumer {
  const now = c.server.now();
  const found = g.consumers.get(name);
  if (found) {
    found.seenTime = now;
    return found;
  }
  const created = g.createConsumer(name, now);
  c.server.dirty++;
  notify(c, 'xgroup-createconsumer', key, db);
  return created;
}

/**
 * The entries after `after` for a reader; with a group, each one advances the group and (unless
 * NOACK) becomes pending for the consumer (streamReplyWithRange).
 */
function readNew(
  c: Client,
  s: Stream,
  after: string,
  count: number,
  group: { g: ConsumerGroup; consumer: Consumer; noack: boolean } | null,
): StreamEntry[] {
  const start = keyIncr(after);
  if (start === null) return [];
  const entries = collect(s, start, MAX_KEY, false, count);
  if (group) {
    const now = c.server.now();
    for (const e of entries) {
      s.advanceGroup(group.g, e.key);
      if (!group.noack) group.g.deliver(e.key, e.text, group.consumer, now);
    }
  }
  return entries;
}

/** A consumer's own pending entries after `after` (streamReplyWithRangeFromConsumerPEL). */
function readHistory(c: Client, s: Stream, consumer: Consumer, after: string, count: number): StreamEntry[] {
  const start = keyIncr(after);
  const out: StreamEntry[] = [];
  if (start === null) return out;
  const now = c.server.now();
  for (const nack of consumer.pel.from(start)) {
    if (count && out.length >= count) break;
    const e = s.get(nack.key);
    if (e === undefined) {
      out.push(new StreamEntry(nack.key, null));
    } else {
      nack.deliveryTime = now;
      nack.deliveryCount++;
      out.push(e);
    }
  }
  return out;
}

/** [[key, entries], ...] in RESP2; a map of key to entries in RESP3. */
function replyStreams(c: Client, parts: readonly [string, StreamEntry[]][]): void {
  if (c.out.proto === 2) c.out.array(parts.length);
  else c.out.map(parts.length);
  for (const [key, entries] of parts) {
    if (c.out.proto === 2) c.out.array(2);
    c.out.bulk(key);
    replyEntries(c, entries);
  }
}

/** XREADGROUP clients blocked right now: their waits end when the key stops being a stream. */
const groupWaiters = new WeakSet<Client>();

// XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
// XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]
function xreadGeneric(c: Client, argv: string[], xreadgroup: boolean): void {
  let timeout = -1;
  let count = 0;
  let streamsAt = 0;
  let nstreams = 0;
  let noack = false;
  let groupName: string | null = null;
  let consumerName = '';
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const opt = option(argv[i]);
    if (opt === 'block' && more > 0) {
      if (c.isScriptClient) return c.out.error(E.ERR_XREAD_BLOCK_IN_SCRIPT(argv[0]));
      const ms = parseLong(c, argv[++i], E.ERR_TIMEOUT_NOT_INTEGER);
      if (ms === null) return;
      if (ms < 0) return c.out.error(E.ERR_TIMEOUT_NEGATIVE);
      timeout = ms;
    } else if (opt === 'count' && more > 0) {
      const n = parseLong(c, argv[++i]);
      if (n === null) return;
      count = Math.max(n, 0);
    } else if (opt === 'streams' && more > 0) {
      streamsAt = i + 1;
      nstreams = argv.length - streamsAt;
      if (nstreams % 2 !== 0) return c.out.error(E.ERR_XREAD_UNBALANCED);
      nstreams /= 2;
      break;
    } else if (opt === 'group' && more >= 2) {
      if (!xreadgroup) return c.out.error(E.ERR_XREAD_GROUP);
      groupName = argv[i + 1];
      consumerName = argv[i + 2];
      i += 2;
    } else if (opt === 'noack') {
      if (!xreadgroup) return c.out.error(E.ERR_XREAD_NOACK);
      noack = true;
    } else {
      return c.out.error(E.ERR_SYNTAX);
    }
  }
  if (streamsAt === 0) return c.out.error(E.ERR_SYNTAX);
  if (xreadgroup && groupName === null) return c.out.error(E.ERR_XREADGROUP_NO_GROUP);

  // Resolve every key's group and ID before reading anything.
  const db = c.db;
  const keys = argv.slice(streamsAt, streamsAt + nstreams);
  const ids: string[] = [];
  const groups: ConsumerGroup[] = [];
  for (let i = 0; i < nstreams; i++) {
    const key = keys[i];
    const arg = argv[streamsAt + nstreams + i];
    const v = db.get(key);
    if (v !== undefined && !isStream(v)) return c.out.error(E.WRONGTYPE);
    if (groupName !== null) {
      const g = v?.group(groupName);
      if (g === undefined) return c.out.error(E.NOGROUP_XREADGROUP(key, groupName));
      groups.push(g);
    }
    if (arg === '$') {
      if (xreadgroup) return c.out.error(E.ERR_XREADGROUP_DOLLAR);
      ids.push(v ? v.lastKey : ZERO_KEY);
    } else if (arg === '>') {
      if (!xreadgroup) return c.out.error(E.ERR_XREAD_GT);
      // As Redis: the maximum ID stands for ">"; a blocked reader reads the group's ID when served.
      ids.push(MAX_KEY);
    } else {
      const id = parseStrictId(c, arg);
      if (id === null) return;
      ids.push(id);
    }
  }

  // Serve at once what can be served.
  const parts: [string, StreamEntry[]][] = [];
  for (let i = 0; i < nstreams; i++) {
    const key = keys[i];
    const s = db.get(key);
    if (!isStream(s)) continue;
    let after = ids[i];
    if (groupName !== null) {
      const g = groups[i];
      const history = after !== MAX_KEY;
      if (!history) {
        if (s.length === 0 || s.lastValidKey() <= g.lastKey) continue;
        after = g.lastKey;
      }
      const consumer = consumerFor(c, db, key, g, consumerName);
      const entries = history
        ? readHistory(c, s, consumer, after, count)
        : readNew(c, s, after, count, { g, consumer, noack });
      c.server.dirty++;
      parts.push([key, entries]);
    } else {
      if (s.length === 0 || s.lastValidKey() <= after) continue;
      parts.push([key, readNew(c, s, after, count, null)]);
    }
  }
  if (parts.length > 0) return replyStreams(c, parts);
  if (timeout === -1 || c.denyBlocking) return c.out.nullArray();

  // Block: the first occurrence of a key decides its ID, as Redis's blockForKeys.
  const after = new Map<string, string>();
  keys.forEach((k, i) => {
    if (!after.has(k)) after.set(k, ids[i]);
  });
  const blockedCount = count || BLOCKED_DEFAULT_COUNT;
  const group = groupName;
  if (group !== null) groupWaiters.add(c);
  blockClient(
    c,
    db,
    keys,
    timeout,
    (key) => {
      const served = serveBlocked(c, db, key, after.get(key)!, blockedCount, group, consumerName, noack);
      if (served) groupWaiters.delete(c);
      return served;
    },
    () => {
      groupWaiters.delete(c);
      c.out.nullArray();
    },
  );
}

/** Serve a blocked XREAD/XREADGROUP from `key` if it has entries past its ID (or end a group wait). */
function serveBlocked(
  c: Client,
  db: Database,
  key: string,
  after: string,
  count: number,
  groupName: string | null,
  consumerName: string,
  noack: boolean,
): boolean {
  const s = db.peek(key);
  if (!isStream(s)) {
    if (groupName === null) return false;
    c.out.error(E.UNBLOCKED_STREAM_GONE);
    return true;
  }
  let group: { g: ConsumerGroup; consumer: Consumer; noack: boolean } | null = null;
  if (groupName !== null) {
    const g = s.group(groupName);
    if (g === undefined) {
      c.out.error(E.NOGROUP_BLOCKED);
      return true;
    }
    after = g.lastKey;
    if (s.lastKey <= after) return false;
    group = { g, consumer: consumerFor(c, db, key, g, consumerName), noack };
  } else if (s.lastKey <= after) {
    return false;
  }
  const entries = readNew(c, s, after, count, group);
  replyStreams(c, [[key, entries]]);
  return true;
}

/**
 * A key of `db` changed (set, overwritten or deleted): if XREADGROUP clients wait on it and it no
 * longer holds a stream, have them served, which ends their wait with an error (as Redis signals a
 * deleted or overwritten stream key).
 */
export function streamKeyChanged(server: RespiteServer, db: Database, key: string): void {
  const queue = server.blockingQueues.get(db)?.get(key);
  if (!queue || isStream(db.peek(key))) return;
  for (const c of queue) {
    if (groupWaiters.has(c)) return signalKeyReady(server, db, key);
  }
}

/**
 * After FLUSHDB, FLUSHALL or SWAPDB: every key of `db` clients block on may have stopped being a
 * stream, as Redis's scanDatabaseForDeletedStreams checks.
 */
export function streamsMayBeGone(server: RespiteServer, db: Database): void {
  const keys = server.blockingQueues.get(db);
  if (keys) for (const key of [...keys.keys()]) streamKeyChanged(server, db, key);
}

// XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
function xread(c: Client, argv: string[]): void {
  xreadGeneric(c, argv, false);
}

// XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]
function xreadgroup(c: Client, argv: string[]): void {
  xreadGeneric(c, argv, true);
}

/**
 * The keys of XREAD/XREADGROUP as COMMAND GETKEYS finds them through Redis's key specs: after the
 * first STREAMS at or past `from`, the first half of the remaining arguments.
 */
function xreadKeys(from: number) {
  return (argv: string[]): number[] => {
    let at = -1;
    for (let i = from; i < argv.length; i++) {
      if (option(argv[i]) === 'streams') {
        at = i;
        break;
      }
    }
    if (at < 0) return [];
    const n = Math.floor((argv.length - at - 1) / 2);
    return Array.from({ length: n }, (_, i) => at + 1 + i);
  };
}

// ---- XGROUP ------------------------------------------------------------------------------------------

const XGROUP_HELP = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

// XGROUP HELP
function xgroupHelp(c: Client): void {
  replyHelp(c, 'XGROUP', XGROUP_HELP);
}

/**
 * Every XGROUP subcommand with a key, as Redis's xgroupCommand: options first, then the key and
 * group checks, then the subcommand's own argument count.
 */
function xgroupGeneric(c: Client, argv: string[]): void {
  const sub = option(argv[1]);
  let mkstream = false;
  let entriesRead = INVALID_ENTRIES_READ;
  for (let i = 5; i < argv.length; ) {
    const opt = option(argv[i]);
    if (sub === 'create' && opt === 'mkstream') {
      mkstream = true;
      i++;
    } else if ((sub === 'create' || sub === 'setid') && opt === 'entriesread' && i + 1 < argv.length) {
      const n = parseLong(c, argv[i + 1]);
      if (n === null) return;
      if (n < 0 && n !== INVALID_ENTRIES_READ) return c.out.error(E.ERR_ENTRIESREAD);
      entriesRead = n;
      i += 2;
    } else {
      return c.out.error(E.ERR_SUBCOMMAND_SYNTAX(argv[1], 'XGROUP'));
    }
  }
  const db = c.db;
  const key = argv[2];
  const v = db.get(key);
  if (v !== undefined && !isStream(v)) return c.out.error(E.WRONGTYPE);
  const groupName = argv[3];
  let g: ConsumerGroup | undefined;
  if (!mkstream) {
    if (v === undefined) return c.out.error(E.ERR_XGROUP_NO_KEY);
    g = v.group(groupName);
    if (g === undefined && (sub === 'setid' || sub === 'createconsumer' || sub === 'delconsumer'))
      return c.out.error(E.NOGROUP_FOR_KEY(groupName, key));
  }
  const n = argv.length;
  if (sub === 'create' && n >= 5 && n <= 8) {
    let id: string | null;
    if (argv[4] === '$') id = v ? v.lastKey : ZERO_KEY;
    else id = parseStrictId(c, argv[4]);
    if (id === null) return;
    let s = v;
    if (s === undefined) {
      s = new Stream();
      db.set(key, s);
    }
    if (s.createGroup(groupName, id, entriesRead) === null) return c.out.error(E.BUSYGROUP);
    c.out.ok();
    c.server.dirty++;
    notify(c, 'xgroup-create', key);
  } else if (sub === 'setid' && (n === 5 || n === 7)) {
    let id: string;
    if (argv[4] === '$') id = v!.lastKey;
    else {
      const parsed = parseId(argv[4], 'min', false);
      if (parsed === null) return c.out.error(E.ERR_STREAM_ID_INVALID);
      id = parsed.key;
    }
    g!.lastKey = id;
    g!.entriesRead = entriesRead;
    c.out.ok();
    c.server.dirty++;
    notify(c, 'xgroup-setid', key);
  } else if (sub === 'destroy' && n === 4) {
    if (g === undefined) return c.out.integer(0);
    v!.groups!.delete(groupName);
    c.out.integer(1);
    c.server.dirty++;
    notify(c, 'xgroup-destroy', key);
    // Clients blocked in XREADGROUP on this group end with NOGROUP.
    signalKeyReady(c.server, db, key);
  } else if (sub === 'createconsumer' && n === 5) {
    if (g!.consumers.has(argv[4])) return c.out.integer(0);
    consumerFor(c, db, key, g!, argv[4]);
    c.out.integer(1);
  } else if (sub === 'delconsumer' && n === 5) {
    const consumer = g!.consumers.get(argv[4]);
    let pending = 0;
    if (consumer) {
      pending = consumer.pel.size;
      g!.deleteConsumer(consumer);
      c.server.dirty++;
      notify(c, 'xgroup-delconsumer', key);
    }
    c.out.integer(pending);
  } else {
    c.out.error(E.ERR_SUBCOMMAND_SYNTAX(argv[1], 'XGROUP'));
  }
}

// ---- acknowledging, pending entries and claiming ------------------------------------------------------

/** The stream at `key` and its group `name`, or null after replying (WRONGTYPE, or `noGroup`). */
function streamAndGroup(
  c: Client,
  key: string,
  name: string,
  noGroup: () => void,
): { s: Stream; g: ConsumerGroup } | null {
  const v = c.db.get(key);
  if (v !== undefined && !isStream(v)) {
    c.out.error(E.WRONGTYPE);
    return null;
  }
  const g = v?.group(name);
  if (v === undefined || g === undefined) {
    noGroup();
    return null;
  }
  return { s: v, g };
}

// XACK key group id [id ...]
function xack(c: Client, argv: string[]): void {
  const found = streamAndGroup(c, argv[1], argv[2], () => c.out.integer(0));
  if (found === null) return;
  const keys: string[] = [];
  for (let j = 3; j < argv.length; j++) {
    const id = parseStrictId(c, argv[j]);
    if (id === null) return;
    keys.push(id);
  }
  let acked = 0;
  for (const k of keys) if (found.g.ack(k)) acked++;
  c.server.dirty += acked;
  c.out.integer(acked);
}

// XPENDING key group [[IDLE min-idle-time] start end count [consumer]]
function xpending(c: Client, argv: string[]): void {
  const argc = argv.length;
  if (argc !== 3 && (argc < 6 || argc > 9)) return c.out.error(E.ERR_SYNTAX);
  let minIdle = 0;
  let start = ZERO_KEY;
  let end = MAX_KEY;
  let count = 0;
  let consumerName: string | null = null;
  if (argc >= 6) {
    let at = 3;
    if (option(argv[3]) === 'idle') {
      const n = parseLong(c, argv[4]);
      if (n === null) return;
      if (argc < 8) return c.out.error(E.ERR_SYNTAX);
      minIdle = n;
      at += 2;
    }
    const n = parseLong(c, argv[at + 2]);
    if (n === null) return;
    count = Math.max(n, 0);
    const s = parseIntervalId(c, argv[at], true);
    if (s === null) return;
    const e = parseIntervalId(c, argv[at + 1], false);
    if (e === null) return;
    start = s;
    end = e;
    if (at + 3 < argc) consumerName = argv[at + 3];
  }
  const key = argv[1];
  const found = streamAndGroup(c, key, argv[2], () => c.out.error(E.NOGROUP_KEY_OR_GROUP(key, argv[2])));
  if (found === null) return;
  const { g } = found;
  if (argc === 3) {
    c.out.array(4);
    c.out.integer(g.pel.size);
    if (g.pel.size === 0) {
      c.out.nullBulk();
      c.out.nullBulk();
      return c.out.nullArray();
    }
    c.out.bulk(g.pel.first()!.text);
    c.out.bulk(g.pel.last()!.text);
    const owners = g.sortedConsumers().filter((cs) => cs.pel.size > 0);
    c.out.array(owners.length);
    for (const cs of owners) {
      c.out.array(2);
      c.out.bulk(cs.name);
      c.out.bulk(String(cs.pel.size));
    }
    return;
  }
  let pel = g.pel;
  if (consumerName !== null) {
    const consumer = g.consumers.get(consumerName);
    if (consumer === undefined) return c.out.array(0);
    pel = consumer.pel;
  }
  const now = c.server.now();
  const rows = [];
  for (const nack of pel.from(start)) {
    if (count === 0 || nack.key > end) break;
    if (minIdle && now - nack.deliveryTime < minIdle) continue;
    rows.push(nack);
    count--;
  }
  c.out.array(rows.length);
  for (const nack of rows) {
    c.out.array(4);
    c.out.bulk(nack.text);
    c.out.bulk(nack.consumer!.name);
    c.out.integer(Math.max(0, now - nack.deliveryTime));
    c.out.integer(nack.deliveryCount);
  }
}

// XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid]
function xclaim(c: Client, argv: string[]): void {
  const key = argv[1];
  const found = streamAndGroup(c, key, argv[2], () => c.out.error(E.NOGROUP_KEY_OR_GROUP(key, argv[2])));
  if (found === null) return;
  const { s, g } = found;
  let minIdle = parseLong(c, argv[4], E.ERR_XCLAIM_ARG('min-idle-time', 'XCLAIM'));
  if (minIdle === null) return;
  if (minIdle < 0) minIdle = 0;
  const ids: string[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const id = parseId(argv[j], 'min', true);
    if (id === null) break;
    ids.push(id.key);
  }
  const now = c.server.now();
  let force = false;
  let justid = false;
  let deliveryTime = -1;
  let retryCount = -1;
  let lastId = ZERO_KEY;
  for (; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = option(argv[j]);
    if (opt === 'force') force = true;
    else if (opt === 'justid') justid = true;
    else if (opt === 'idle' && more > 0) {
      const n = parseLong(c, argv[++j], E.ERR_XCLAIM_ARG('IDLE option', 'XCLAIM'));
      if (n === null) return;
      deliveryTime = now - n;
    } else if (opt === 'time' && more > 0) {
      const n = parseLong(c, argv[++j], E.ERR_XCLAIM_ARG('TIME option', 'XCLAIM'));
      if (n === null) return;
      deliveryTime = n;
    } else if (opt === 'retrycount' && more > 0) {
      const n = parseLong(c, argv[++j], E.ERR_XCLAIM_ARG('RETRYCOUNT option', 'XCLAIM'));
      if (n === null) return;
      retryCount = n;
    } else if (opt === 'lastid' && more > 0) {
      const id = parseStrictId(c, argv[++j]);
      if (id === null) return;
      lastId = id;
    } else {
      return c.out.error(E.ERR_XCLAIM_OPTION(argv[j]));
    }
  }
  if (lastId > g.lastKey) {
    g.lastKey = lastId;
    c.server.dirty++;
  }
  // A bogus time (in the future, or negative) is taken as now rather than refused.
  if (deliveryTime === -1 || deliveryTime < 0 || deliveryTime > now) deliveryTime = now;
  let consumer: Consumer | null = null;
  const claimed: StreamEntry[] = [];
  for (const id of ids) {
    let nack = g.pel.get(id);
    const entry = s.get(id);
    if (entry === undefined) {
      // The entry is gone: its pending entry goes too.
      if (nack !== undefined) {
        g.ack(id);
        c.server.dirty++;
      }
      continue;
    }
    if (force && nack === undefined) {
      nack = { key: id, text: entry.text, consumer: null, deliveryTime: now, deliveryCount: 1 };
      g.pel.add(nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer && minIdle && now - nack.deliveryTime < minIdle) continue;
    consumer ??= consumerFor(c, c.db, key, g, argv[3]);
    const moved = nack.consumer !== consumer;
    if (moved) nack.consumer?.pel.delete(id);
    nack.deliveryTime = deliveryTime;
    if (retryCount >= 0) nack.deliveryCount = retryCount;
    else if (!justid) nack.deliveryCount++;
    if (moved) {
      consumer.pel.add(nack);
      nack.consumer = consumer;
    }
    claimed.push(entry);
    c.server.dirty++;
  }
  c.out.array(claimed.length);
  for (const e of claimed) {
    if (justid) c.out.bulk(e.text);
    else replyEntry(c, e);
  }
}

// XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]
function xautoclaim(c: Client, argv: string[]): void {
  let minIdle = parseLong(c, argv[4], E.ERR_XCLAIM_ARG('min-idle-time', 'XAUTOCLAIM'));
  if (minIdle === null) return;
  if (minIdle < 0) minIdle = 0;
  const start = parseIntervalId(c, argv[5], true);
  if (start === null) return;
  let count = 100;
  let justid = false;
  for (let j = 6; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = option(argv[j]);
    if (opt === 'count' && more > 0) {
      // LONG_MAX / 16, as Redis bounds the transient array it allocates.
      const n = parseInt64Big(argv[++j]);
      if (n === null || n < 1n || n > 576460752303423487n) return c.out.error(E.ERR_XAUTOCLAIM_COUNT);
      count = Number(n);
    } else if (opt === 'justid') {
      justid = true;
    } else {
      return c.out.error(E.ERR_SYNTAX);
    }
  }
  const key = argv[1];
  const found = streamAndGroup(c, key, argv[2], () => c.out.error(E.NOGROUP_KEY_OR_GROUP(key, argv[2])));
  if (found === null) return;
  const { s, g } = found;
  const now = c.server.now();
  let attempts = count * 10;
  let consumer: Consumer | null = null;
  const claimed: StreamEntry[] = [];
  const deleted: string[] = [];
  const it = g.pel.from(start);
  let exhausted = false;
  while (attempts-- > 0 && count > 0) {
    const next = it.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    const nack = next.value;
    const entry = s.get(nack.key);
    if (entry === undefined) {
      g.ack(nack.key);
      c.server.dirty++;
      deleted.push(nack.text);
      count--;
      continue;
    }
    if (minIdle && now - nack.deliveryTime < minIdle) continue;
    consumer ??= consumerFor(c, c.db, key, g, argv[3]);
    if (nack.consumer !== consumer) {
      nack.consumer?.pel.delete(nack.key);
      consumer.pel.add(nack);
      nack.consumer = consumer;
    }
    nack.deliveryTime = now;
    if (!justid) nack.deliveryCount++;
    claimed.push(entry);
    count--;
    c.server.dirty++;
  }
  // The cursor: the next pending entry after the ones looked at, or 0-0 at the end.
  const after = exhausted ? undefined : it.next();
  c.out.array(3);
  c.out.bulk(after && !after.done ? after.value.text : '0-0');
  c.out.array(claimed.length);
  for (const e of claimed) {
    if (justid) c.out.bulk(e.text);
    else replyEntry(c, e);
  }
  c.out.bulkArray(deleted);
}

// ---- XINFO -------------------------------------------------------------------------------------------

const XINFO_HELP = [
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
];

// XINFO HELP
function xinfoHelp(c: Client): void {
  replyHelp(c, 'XINFO', XINFO_HELP);
}

/** The stream at argv[2] for XINFO, or null after replying (ERR no such key, WRONGTYPE). */
function xinfoStream(c: Client, argv: string[]): Stream | null {
  const v = c.db.get(argv[2]);
  if (v === undefined) c.out.error(E.ERR_NO_SUCH_KEY);
  else if (!isStream(v)) c.out.error(E.WRONGTYPE);
  else return v;
  return null;
}

function replyLagAndRead(c: Client, s: Stream, g: ConsumerGroup): void {
  c.out.bulk('entries-read');
  if (g.entriesRead === INVALID_ENTRIES_READ) c.out.nullBulk();
  else c.out.integer(g.entriesRead);
  c.out.bulk('lag');
  const lag = s.lag(g);
  if (lag === null) c.out.nullBulk();
  else c.out.integer(lag);
}

// XINFO STREAM key [FULL [COUNT count]]
function xinfoStreamCommand(c: Client, argv: string[]): void {
  const s = xinfoStream(c, argv);
  if (s === null) return;
  const optc = argv.length - 3;
  let full = true;
  let count = 10;
  if (optc === 0) full = false;
  else {
    if (
      (optc !== 1 && optc !== 3) ||
      option(argv[3]) !== 'full' ||
      (optc === 3 && option(argv[4]) !== 'count')
    )
      return c.out.error(E.ERR_SUBCOMMAND_SYNTAX(argv[1], 'XINFO'));
    if (optc === 3) {
      const n = parseLong(c, argv[5]);
      if (n === null) return;
      count = n < 0 ? 10 : n;
    }
  }
  c.out.map(full ? 9 : 10);
  c.out.bulk('length');
  c.out.integer(s.length);
  c.out.bulk('radix-tree-keys');
  c.out.integer(s.nodeCount);
  c.out.bulk('radix-tree-nodes');
  c.out.integer(s.radixTreeNodes());
  c.out.bulk('last-generated-id');
  c.out.bulk(keyText(s.lastKey));
  c.out.bulk('max-deleted-entry-id');
  c.out.bulk(keyText(s.maxDeletedKey));
  c.out.bulk('entries-added');
  c.out.integer(s.entriesAdded);
  c.out.bulk('recorded-first-entry-id');
  c.out.bulk(keyText(s.firstKey));
  if (!full) {
    c.out.bulk('groups');
    c.out.integer(s.groups?.size ?? 0);
    for (const [name, last] of [
      ['first-entry', false],
      ['last-entry', true],
    ] as const) {
      c.out.bulk(name);
      const e = s.edge(last);
      if (e === undefined) c.out.nullBulk();
      else replyEntry(c, e);
    }
    return;
  }
  c.out.bulk('entries');
  replyEntries(c, collect(s, ZERO_KEY, MAX_KEY, false, count));
  c.out.bulk('groups');
  const groups = s.sortedGroups();
  c.out.array(groups.length);
  for (const [name, g] of groups) {
    c.out.map(7);
    c.out.bulk('name');
    c.out.bulk(name);
    c.out.bulk('last-delivered-id');
    c.out.bulk(keyText(g.lastKey));
    replyLagAndRead(c, s, g);
    c.out.bulk('pel-count');
    c.out.integer(g.pel.size);
    c.out.bulk('pending');
    const pending = take(g.pel, count);
    c.out.array(pending.length);
    for (const nack of pending) {
      c.out.array(4);
      c.out.bulk(nack.text);
      c.out.bulk(nack.consumer!.name);
      c.out.integer(nack.deliveryTime);
      c.out.integer(nack.deliveryCount);
    }
    c.out.bulk('consumers');
    const consumers = g.sortedConsumers();
    c.out.array(consumers.length);
    for (const consumer of consumers) {
      c.out.map(4);
      c.out.bulk('name');
      c.out.bulk(consumer.name);
      c.out.bulk('seen-time');
      c.out.integer(consumer.seenTime);
      c.out.bulk('pel-count');
      c.out.integer(consumer.pel.size);
      c.out.bulk('pending');
      const own = take(consumer.pel, count);
      c.out.array(own.length);
      for (const nack of own) {
        c.out.array(3);
        c.out.bulk(nack.text);
        c.out.integer(nack.deliveryTime);
        c.out.integer(nack.deliveryCount);
      }
    }
  }
}

/** The first `count` items (all for 0). */
function take<T>(items: Iterable<T>, count: number): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (count && out.length >= count) break;
    out.push(item);
  }
  return out;
}

// XINFO GROUPS key
function xinfoGroups(c: Client, argv: string[]): void {
  const s = xinfoStream(c, argv);
  if (s === null) return;
  const groups = s.sortedGroups();
  c.out.array(groups.length);
  for (const [name, g] of groups) {
    c.out.map(6);
    c.out.bulk('name');
    c.out.bulk(name);
    c.out.bulk('consumers');
    c.out.integer(g.consumers.size);
    c.out.bulk('pending');
    c.out.integer(g.pel.size);
    c.out.bulk('last-delivered-id');
    c.out.bulk(keyText(g.lastKey));
    replyLagAndRead(c, s, g);
  }
}

// XINFO CONSUMERS key group
function xinfoConsumers(c: Client, argv: string[]): void {
  const s = xinfoStream(c, argv);
  if (s === null) return;
  const g = s.group(argv[3]);
  if (g === undefined) return c.out.error(E.NOGROUP_FOR_KEY(argv[3], argv[2]));
  const consumers = g.sortedConsumers();
  const now = c.server.now();
  c.out.array(consumers.length);
  for (const consumer of consumers) {
    c.out.map(3);
    c.out.bulk('name');
    c.out.bulk(consumer.name);
    c.out.bulk('pending');
    c.out.integer(consumer.pel.size);
    c.out.bulk('idle');
    c.out.integer(Math.max(0, now - consumer.seenTime));
  }
}

// ---- the table ---------------------------------------------------------------------------------------

function streamCommand(spec: Omit<CommandSpec, 'firstKey' | 'lastKey' | 'step' | 'group'>): CommandSpec {
  return { firstKey: 1, lastKey: 1, step: 1, group: 'stream', ...spec };
}

function groupSub(
  name: string,
  arity: number,
  flags: CommandSpec['flags'],
  summary: string,
  complexity: string,
  since = '5.0.0',
): CommandSpec {
  return {
    name,
    arity,
    flags,
    firstKey: 2,
    lastKey: 2,
    step: 1,
    group: 'stream',
    summary,
    since,
    complexity,
    handler: xgroupGeneric,
  };
}

const HELP_SUMMARY = 'Show helpful text about the different subcommands';

export const commands: CommandSpec[] = [
  streamCommand({
    name: 'xadd',
    arity: -5,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Appends a new entry to a stream',
    since: '5.0.0',
    complexity:
      'O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.',
    handler: xadd,
  }),
  streamCommand({
    name: 'xlen',
    arity: 2,
    flags: ['readonly', 'fast'],
    summary: 'Return the number of entries in a stream',
    since: '5.0.0',
    complexity: 'O(1)',
    handler: xlen,
  }),
  streamCommand({
    name: 'xrange',
    arity: -4,
    flags: ['readonly'],
    summary: 'Return a range of elements in a stream, with IDs matching the specified IDs interval',
    since: '5.0.0',
    complexity:
      'O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).',
    handler: rangeCommand(false),
  }),
  streamCommand({
    name: 'xrevrange',
    arity: -4,
    flags: ['readonly'],
    summary:
      'Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE',
    since: '5.0.0',
    complexity:
      'O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).',
    handler: rangeCommand(true),
  }),
  command({
    name: 'xread',
    arity: -4,
    flags: ['readonly', 'blocking'],
    getKeys: xreadKeys(1),
    group: 'stream',
    summary:
      'Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.',
    since: '5.0.0',
    complexity:
      'For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.',
    handler: xread,
  }),
  command({
    name: 'xreadgroup',
    arity: -7,
    flags: ['write', 'blocking'],
    getKeys: xreadKeys(4),
    group: 'stream',
    summary:
      'Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.',
    since: '5.0.0',
    complexity:
      'For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.',
    handler: xreadgroup,
  }),
  streamCommand({
    name: 'xdel',
    arity: -3,
    flags: ['write', 'fast'],
    summary:
      'Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.',
    since: '5.0.0',
    complexity: 'O(1) for each single item to delete in the stream, regardless of the stream size.',
    handler: xdel,
  }),
  streamCommand({
    name: 'xtrim',
    arity: -4,
    flags: ['write'],
    summary: "Trims the stream to (approximately if '~' is passed) a certain size",
    since: '5.0.0',
    complexity:
      'O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.',
    handler: xtrim,
  }),
  streamCommand({
    name: 'xsetid',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'An internal command for replicating stream values',
    since: '5.0.0',
    complexity: 'O(1)',
    handler: xsetid,
  }),
  command({
    name: 'xgroup',
    arity: -2,
    flags: [],
    group: 'stream',
    summary: 'A container for consumer groups commands',
    since: '5.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      groupSub('create', -5, ['write', 'denyoom'], 'Create a consumer group.', 'O(1)'),
      groupSub(
        'createconsumer',
        5,
        ['write', 'denyoom'],
        'Create a consumer in a consumer group.',
        'O(1)',
        '6.2.0',
      ),
      groupSub('delconsumer', 5, ['write'], 'Delete a consumer from a consumer group.', 'O(1)'),
      groupSub(
        'destroy',
        4,
        ['write'],
        'Destroy a consumer group.',
        "O(N) where N is the number of entries in the group's pending entries list (PEL).",
      ),
      {
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        firstKey: 0,
        lastKey: 0,
        step: 0,
        group: 'stream',
        summary: HELP_SUMMARY,
        since: '5.0.0',
        complexity: 'O(1)',
        handler: xgroupHelp,
      },
      groupSub(
        'setid',
        -5,
        ['write'],
        'Set a consumer group to an arbitrary last delivered ID value.',
        'O(1)',
      ),
    ],
  }),
  streamCommand({
    name: 'xack',
    arity: -4,
    flags: ['write', 'fast'],
    summary:
      'Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.',
    since: '5.0.0',
    complexity: 'O(1) for each message ID processed.',
    handler: xack,
  }),
  streamCommand({
    name: 'xpending',
    arity: -3,
    flags: ['readonly'],
    summary:
      'Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.',
    since: '5.0.0',
    complexity:
      'O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.',
    handler: xpending,
  }),
  streamCommand({
    name: 'xclaim',
    arity: -6,
    flags: ['write', 'fast'],
    summary:
      'Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.',
    since: '5.0.0',
    complexity: 'O(log N) with N being the number of messages in the PEL of the consumer group.',
    handler: xclaim,
  }),
  streamCommand({
    name: 'xautoclaim',
    arity: -6,
    flags: ['write', 'fast'],
    summary:
      'Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.',
    since: '6.2.0',
    complexity: 'O(1) if COUNT is small.',
    handler: xautoclaim,
  }),
  command({
    name: 'xinfo',
    arity: -2,
    flags: [],
    group: 'stream',
    summary: 'A container for stream introspection commands',
    since: '5.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'consumers',
        arity: 4,
        flags: ['readonly'],
        firstKey: 2,
        lastKey: 2,
        step: 1,
        group: 'stream',
        summary: 'List the consumers in a consumer group',
        since: '5.0.0',
        complexity: 'O(1)',
        handler: xinfoConsumers,
      },
      {
        name: 'groups',
        arity: 3,
        flags: ['readonly'],
        firstKey: 2,
        lastKey: 2,
        step: 1,
        group: 'stream',
        summary: 'List the consumer groups of a stream',
        since: '5.0.0',
        complexity: 'O(1)',
        handler: xinfoGroups,
      },
      {
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        firstKey: 0,
        lastKey: 0,
        step: 0,
        group: 'stream',
        summary: HELP_SUMMARY,
        since: '5.0.0',
        complexity: 'O(1)',
        handler: xinfoHelp,
      },
      {
        name: 'stream',
        arity: -3,
        flags: ['readonly'],
        firstKey: 2,
        lastKey: 2,
        step: 1,
        group: 'stream',
        summary: 'Get information about a stream',
        since: '5.0.0',
        complexity: 'O(1)',
        handler: xinfoStreamCommand,
      },
    ],
  }),
];
