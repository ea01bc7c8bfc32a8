// Blocking commands: one mechanism for BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX,
// BZMPOP (and XREAD/XREADGROUP BLOCK later), as Redis's blocked.c.
//
// A blocking handler first tries to serve at once. If it cannot, blockClient() parks the client on
// its keys: the client stops reading further commands (its parser pauses), and waits in a FIFO queue
// per key. A command that may give a key data (a push, ZADD, a move) calls signalKeyReady(); after the
// command that did it has finished (after EXEC or a script as a whole, as Redis does), dispatch calls
// serveReadyKeys(), which offers each ready key to its waiters in arrival order. A waiter's `serve`
// callback pops and replies, or declines if the key holds nothing it can use.
//
// Timeouts are server-clock timers (clock.at), so a frozen test clock decides when they fire. A client
// that disconnects while blocked is taken off every queue (server.removeClient calls unblock).

import type { Client } from './client.js';
import type { Timer } from './clock.js';
import { COMMANDS, type Command } from './commands/table.js';
import { accountUnblocked } from './dispatch.js';
import * as E from './errors.js';
import { parseFloatArg } from './numbers.js';
import type { RespiteServer } from './server.js';
import type { Database } from './store/keyspace.js';
import { sendPendingInvalidations } from './tracking.js';

export interface BlockedState {
  readonly db: Database;
  readonly keys: readonly string[];
  /** Try to serve the client from `key`: pop, reply and return true; or return false to keep waiting. */
  readonly serve: (key: string) => boolean;
  /** Write the timeout reply. */
  readonly onTimeout: () => void;
  timer: Timer | null;
  /** The command and how long its first run took (µs): served, it is accounted as a whole (dispatch). */
  call: { cmd: Command; argv: string[]; usec: number } | null;
}

/** 2^63, just past LLONG_MAX: the range of Redis's timeouts in milliseconds. */
const LLONG_MAX = 2 ** 63;

/** Waiting clients per database, per key, in arrival order. */
export type BlockingQueues = Map<Database, Map<string, Client[]>>;

/**
 * Parse a timeout in seconds (decimals allowed, as BullMQ's 0.031) as Redis's getTimeoutFromObjectOrReply:
 * milliseconds, rounded up, 0 meaning forever. Replies with Redis's error and returns null when invalid.
 */
export function parseTimeout(c: Client, arg: string): number | null {
  const seconds = parseFloatArg(arg);
  if (seconds === null) {
    c.out.error(E.ERR_TIMEOUT_NOT_FLOAT);
    return null;
  }
  const ms = Math.ceil(seconds * 1000);
  // Redis casts the milliseconds to a long long: past its range they come out negative.
  if (ms < 0 || ms >= LLONG_MAX) {
    c.out.error(E.ERR_TIMEOUT_NEGATIVE);
    return null;
  }
  return ms;
}

/** Park `c` on `keys` of `db` until served or until `timeoutMs` (0: forever) of server time passes. */
export function blockClient(
  c: Client,
  db: Database,
  keys: readonly string[],
  timeoutMs: number,
  serve: (key: string) => boolean,
  onTimeout: () => void,
): void {
  const server = c.server;
  const state: BlockedState = { db, keys, serve, onTimeout, timer: null, call: null };
  c.blocked = state;
  let byKey = server.blockingQueues.get(db);
  if (!byKey) {
    byKey = new Map();
    server.blockingQueues.set(db, byKey);
  }
  for (const key of new Set(keys)) {
    const queue = byKey.get(key);
    if (queue) queue.push(c);
    else byKey.set(key, [c]);
  }
  if (timeoutMs > 0) {
    state.timer = server.clock.at(server.clock.now() + timeoutMs, () => {
      state.timer = null;
      unblock(c);
      const mark = c.out.length;
      onTimeout();
      wake(c, mark);
    });
  }
}

/** Take `c` off every queue it waits in and cancel its timeout. Safe to call when not blocked. */
export function unblock(c: Client): void {
  const state = c.blocked;
  if (!state) return;
  c.blocked = null;
  state.timer?.cancel();
  const byKey = c.server.blockingQueues.get(state.db);
  if (!byKey) return;
  for (const key of state.keys) {
    const queue = byKey.get(key);
    if (!queue) continue;
    const i = queue.indexOf(c);
    if (i >= 0) queue.splice(i, 1);
    if (queue.length === 0) byKey.delete(key);
  }
  if (byKey.size === 0) c.server.blockingQueues.delete(state.db);
}

/**
 * A client stopped waiting: send what it was given and go on with the commands it pipelined. An error
 * it was given (CLIENT UNBLOCK ... ERROR, a stream gone under XREADGROUP) counts against its command
 * now, as Redis's updateStatsOnUnblock: a failed call, and the error in errorstats.
 */
function wake(c: Client, mark: number): void {
  if (c.out.length > mark && c.out.byteAt(mark) === 0x2d /* '-' */) {
    const cmd = COMMANDS.get(c.lastCommand); // the blocked command: its client reads nothing more meanwhile
    if (cmd) c.server.commandStats(cmd).failedCalls++;
    c.server.countError(c.out.errorCodeAt(mark));
  }
  c.scheduleFlush();
  process.nextTick(() => {
    if (!c.closed && c.blocked === null && !c.postponed) {
      c.parser.resume();
      c.flush();
    }
  });
}

/** `key` in `db` may now have data for a waiting client: serve it once the current command is done. */
export function signalKeyReady(server: RespiteServer, db: Database, key: string): void {
  const byKey = server.blockingQueues.get(db);
  if (!byKey?.has(key)) return;
  let keys = server.readyKeys.get(db);
  if (!keys) {
    keys = new Set();
    server.readyKeys.set(db, keys);
  }
  keys.add(key);
}

/**
 * Offer every ready key to its waiters, oldest first, until the key can serve no one more. Serving a
 * client can make other keys ready (BLMOVE pushes to its destination), so this runs until none are.
 */
export function serveReadyKeys(server: RespiteServer): void {
  // As Redis's handleClientsBlockedOnKeys, read the clock afresh: a key that expired while the
  // command ran (a MULTI with DEBUG SLEEP) serves nobody; it is deleted when a waiter looks it up.
  if (server.batchNow !== 0) server.batchNow = server.clock.now();
  while (server.readyKeys.size > 0) {
    const ready = server.readyKeys;
    server.readyKeys = new Map();
    for (const [db, keys] of ready) {
      for (const key of keys) {
        const queue = server.blockingQueues.get(db)?.get(key);
        if (!queue) continue;
        for (const c of [...queue]) {
          const state = c.blocked;
          const mark = c.out.length;
          // The served command is the client's own: invalidations of keys it tracks and changes
          // itself (BLMOVE's destination) follow its reply, as after any command (dispatch).
          const tracking = server.tracking;
          const outer = tracking.current;
          const outerPending = tracking.pending;
          tracking.current = c;
          tracking.pending = [];
          const started = performance.now();
          const served = state?.serve(key) ?? false;
          // A client the key cannot serve keeps waiting; the ones after it are still asked, since a
          // gone key ends XREADGROUP waits (with an error) but not XREAD or list waits.
          if (served) {
            unblock(c);
            if (state?.call) accountUnblocked(c, state.call, (performance.now() - started) * 1000);
            wake(c, mark);
            if (tracking.pending.length !== 0) sendPendingInvalidations(c);
          }
          tracking.current = outer;
          tracking.pending = outerPending;
        }
      }
    }
  }
}

/** CLIENT UNBLOCK: end a client's wait as if it timed out, or with an error. Returns whether it waited. */
export function unblockClient(c: Client, withError: boolean): boolean {
  const state = c.blocked;
  if (!state) return false;
  unblock(c);
  const mark = c.out.length;
  if (withError) c.out.error(E.UNBLOCKED);
  else state.onTimeout();
  wake(c, mark);
  return true;
}
