// Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis's multi.c).
//
// After MULTI, dispatch queues every command but EXEC, DISCARD, MULTI, WATCH, QUIT and RESET and
// answers QUEUED; a command refused while queuing (unknown, wrong arity) marks the transaction so EXEC
// answers EXECABORT. EXEC runs the queue with nothing in between (respite is single-threaded, and EXEC
// runs synchronously), each command's reply, errors included, one element of EXEC's array.
//
// WATCH is optimistic locking: every change to a watched key (server.keyModified, called by writes,
// deletion, expiry, FLUSHDB/FLUSHALL/SWAPDB of existing keys) marks its watchers, and their EXEC
// answers with a null array and runs nothing.

import type { Client } from '../client.js';
import { call } from '../dispatch.js';
import * as E from '../errors.js';
import type { RespiteServer } from '../server.js';
import type { Database } from '../store/keyspace.js';
import type { Command } from './table.js';
import { type CommandSpec, command } from './types.js';

/** A client's transaction in the making. */
export interface MultiState {
  queue: { cmd: Command; argv: string[] }[];
  /** A command was refused while queuing: EXEC must abort. */
  aborted: boolean;
}

/**
 * A key a client watches. `expired`: the key was there but past its deadline when watched (Redis 7.0's
 * watchedKey.expired); deleting such a key is no logical change, so it does not fail the EXEC.
 */
export interface WatchedKey {
  db: Database;
  key: string;
  expired: boolean;
}

/** The watchers of each key, per database, in the order they began watching it. */
export type WatchedKeys = Map<Database, Map<string, Map<Client, WatchedKey>>>;

/** Whether `key` is in `db` but past its deadline (Redis's keyIsExpired). */
function isStale(server: RespiteServer, db: Database, key: string): boolean {
  const at = db.getExpire(key);
  return at !== undefined && at <= server.clock.now() && db.map.has(key);
}

/** Mark `c` so its EXEC fails; like Redis, it stops watching at once (nothing can undo that). */
function markDirty(c: Client): void {
  unwatchAll(c);
  c.dirtyCas = true;
}

/** A change to `key`: whoever watches it will have its EXEC fail (Redis's touchWatchedKey). */
export function touchWatchedKey(server: RespiteServer, db: Database, key: string): void {
  const watchers = server.watchedKeys.get(db)?.get(key);
  if (!watchers) return;
  for (const [c, w] of watchers) {
    if (w.expired) {
      // A key stale when watched and now gone (lazily expired, deleted) has not logically changed.
      if (!db.map.has(key)) {
        w.expired = false;
        continue;
      }
      // Redis 7.0 leaves the loop here, sparing this watcher and the ones after it.
      break;
    }
    markDirty(c);
  }
}

/**
 * FLUSHDB, FLUSHALL and SWAPDB: every watched key of `emptied` that exists in it (or in `replacement`,
 * for SWAPDB, whose contents take its place) changes, except where a stale key is only deleted or
 * replaced by another stale one, or a missing key by a stale one (Redis's touchAllWatchedKeysInDb).
 */
export function touchAllWatchedKeysInDb(
  server: RespiteServer,
  emptied: Database,
  replacement?: Database,
): void {
  const byKey = server.watchedKeys.get(emptied);
  if (!byKey) return;
  for (const [key, watchers] of byKey) {
    const inEmptied = emptied.map.has(key);
    const inReplacement = replacement?.map.has(key) ?? false;
    if (!inEmptied && !inReplacement) continue;
    const staleReplacement = replacement !== undefined && isStale(server, replacement, key);
    for (const [c, w] of watchers) {
      if (w.expired) {
        if (!inReplacement) {
          w.expired = false;
          continue;
        }
        if (staleReplacement) continue;
      } else if (!inEmptied && staleReplacement) {
        w.expired = true;
        continue;
      }
      c.dirtyCas = true;
    }
  }
}

/** Forget everything `c` watches (EXEC, DISCARD, UNWATCH, RESET, disconnection). */
export function unwatchAll(c: Client): void {
  for (const w of c.watching) {
    const byKey = c.server.watchedKeys.get(w.db);
    const watchers = byKey?.get(w.key);
    if (!watchers) continue;
    watchers.delete(c);
    if (watchers.size === 0) byKey!.delete(w.key);
    if (byKey!.size === 0) c.server.watchedKeys.delete(w.db);
  }
  c.watching = [];
  c.dirtyCas = false;
}

/** Leave MULTI state and drop what was queued. */
export function discardTransaction(c: Client): void {
  c.multi = null;
  unwatchAll(c);
}

/** Whether a key watched as present has expired since (Redis 7.0's isWatchedKeyExpired). */
function watchedKeyExpired(c: Client): boolean {
  for (const w of c.watching) if (!w.expired && isStale(c.server, w.db, w.key)) return true;
  return false;
}

// MULTI
function multi(c: Client): void {
  if (c.multi) return c.out.error(E.ERR_MULTI_NESTED);
  c.multi = { queue: [], aborted: false };
  c.out.ok();
}

// EXEC
function exec(c: Client): void {
  const state = c.multi;
  if (!state) return c.out.error(E.ERR_EXEC_WITHOUT_MULTI);
  if (state.aborted) {
    discardTransaction(c);
    return c.out.error(E.EXECABORT);
  }
  if (c.dirtyCas || watchedKeyExpired(c)) {
    discardTransaction(c);
    return c.out.nullArray();
  }
  c.multi = null;
  unwatchAll(c);
  c.out.array(state.queue.length);
  // Blocking commands inside a transaction answer at once (Redis: "as if the timeout expired").
  const denied = c.denyBlocking;
  c.denyBlocking = true;
  try {
    for (const { cmd, argv } of state.queue) call(c, cmd, argv);
  } finally {
    c.denyBlocking = denied;
  }
}

// DISCARD
function discard(c: Client): void {
  if (!c.multi) return c.out.error(E.ERR_DISCARD_WITHOUT_MULTI);
  discardTransaction(c);
  c.out.ok();
}

// WATCH key [key ...]
function watch(c: Client, argv: string[]): void {
  if (c.multi) return c.out.error(E.ERR_WATCH_IN_MULTI);
  const server = c.server;
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i];
    if (c.watching.some((w) => w.db === c.db && w.key === key)) continue;
    let byKey = server.watchedKeys.get(c.db);
    if (!byKey) {
      byKey = new Map();
      server.watchedKeys.set(c.db, byKey);
    }
    let watchers = byKey.get(key);
    if (!watchers) {
      watchers = new Map();
      byKey.set(key, watchers);
    }
    const w: WatchedKey = { db: c.db, key, expired: isStale(server, c.db, key) };
    watchers.set(c, w);
    c.watching.push(w);
  }
  c.out.ok();
}

// UNWATCH
function unwatch(c: Client): void {
  unwatchAll(c);
  c.out.ok();
}

export const commands: CommandSpec[] = [
  command({
    name: 'multi',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    group: 'transactions',
    since: '1.2.0',
    summary: 'Mark the start of a transaction block',
    complexity: 'O(1)',
    handler: multi,
  }),
  command({
    name: 'exec',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'skip_slowlog'],
    group: 'transactions',
    since: '1.2.0',
    summary: 'Execute all commands issued after MULTI',
    complexity: 'Depends on commands in the transaction',
    handler: exec,
  }),
  command({
    name: 'discard',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    group: 'transactions',
    since: '2.0.0',
    summary: 'Discard all commands issued after MULTI',
    complexity: 'O(N), when N is the number of queued commands',
    handler: discard,
  }),
  command({
    name: 'watch',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    firstKey: 1,
    lastKey: -1,
    step: 1,
    group: 'transactions',
    since: '2.2.0',
    summary: 'Watch the given keys to determine execution of the MULTI/EXEC block',
    complexity: 'O(1) for every key.',
    handler: watch,
  }),
  command({
    name: 'unwatch',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    group: 'transactions',
    since: '2.2.0',
    summary: 'Forget about all watched keys',
    complexity: 'O(1)',
    handler: unwatch,
  }),
];
