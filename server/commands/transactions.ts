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

/** A key a client watches, and whether it had already expired when watched (Redis 7.0 tracks this). */
export interface WatchedKey {
  db: Database;
  key: string;
  expiredAtWatch: boolean;
}

/** Clients watching each key, per database. */
export type WatchedKeys = Map<Database, Map<string, Set<Client>>>;

/** A change to `key`: whoever watches it will have its EXEC fail. */
export function touchWatchedKey(server: RespiteServer, db: Database, key: string): void {
  const clients = server.watchedKeys.get(db)?.get(key);
  if (clients) for (const c of clients) c.dirtyCas = true;
}

/**
 * FLUSHDB, FLUSHALL and SWAPDB: every watched key of `emptied` that exists in it (or in `replacement`,
 * for SWAPDB, whose contents take its place) changes.
 */
export function touchAllWatchedKeysInDb(
  server: RespiteServer,
  emptied: Database,
  replacement?: Database,
): void {
  const byKey = server.watchedKeys.get(emptied);
  if (!byKey) return;
  for (const [key, clients] of byKey) {
    if (!emptied.map.has(key) && !replacement?.map.has(key)) continue;
    for (const c of clients) c.dirtyCas = true;
  }
}

/** Forget everything `c` watches (EXEC, DISCARD, UNWATCH, RESET, disconnection). */
export function unwatchAll(c: Client): void {
  for (const w of c.watching) {
    const byKey = c.server.watchedKeys.get(w.db);
    const clients = byKey?.get(w.key);
    if (!clients) continue;
    clients.delete(c);
    if (clients.size === 0) byKey!.delete(w.key);
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
  const now = c.server.clock.now();
  for (const w of c.watching) {
    if (w.expiredAtWatch) continue;
    const at = w.db.getExpire(w.key);
    if (at !== undefined && at <= now && w.db.map.has(w.key)) return true;
  }
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
  const now = server.clock.now();
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i];
    if (c.watching.some((w) => w.db === c.db && w.key === key)) continue;
    let byKey = server.watchedKeys.get(c.db);
    if (!byKey) {
      byKey = new Map();
      server.watchedKeys.set(c.db, byKey);
    }
    let clients = byKey.get(key);
    if (!clients) {
      clients = new Set();
      byKey.set(key, clients);
    }
    clients.add(c);
    const at = c.db.getExpire(key);
    c.watching.push({ db: c.db, key, expiredAtWatch: at !== undefined && at <= now });
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
