// Client-side caching (Redis's tracking.c): the server remembers which clients may hold which keys
// and tells them when a key changes, so they can drop their cached copy.
//
// Two modes, chosen by CLIENT TRACKING ON:
//   - default: every key a tracking client reads (a readonly command, its key positions from the
//     command table) is remembered with the client's id. The first change to the key sends an
//     invalidation to those clients and forgets them: they must read it again to hear again.
//   - BCAST: the client names prefixes (or none: every key); a changed key under a prefix is
//     collected and, once the current batch of commands is done, sent to every client of the
//     prefix in one message. Nothing is remembered about reads.
//
// An invalidation goes to the client itself as a RESP3 push, ["invalidate", [keys]], or to the
// client named by REDIRECT: as a push if that one speaks RESP3, else as a Pub/Sub message on
// __redis__:invalidate if it has subscriptions. FLUSHDB/FLUSHALL send a null instead of keys. An
// invalidation for the client running the command waits until its reply is written.
//
// The keys table spans all databases (a key is its name), as in Redis. Nothing here costs anything
// while no client tracks and the table is empty.

import type { Client } from './client.js';
import { type Command, commandKeys } from './commands/table.js';
import * as E from './errors.js';
import { sendPush } from './pubsub.js';
import type { RespiteServer } from './server.js';

/** One client's CLIENT TRACKING settings (null on the client while tracking is off). */
export interface TrackingState {
  /** The client id invalidations go to, 0 for the client itself. */
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  /** CLIENT CACHING YES (optin) or NO (optout) given for the next command. */
  caching: boolean;
  /** An invalidation found the redirect client gone. */
  brokenRedirect: boolean;
  /** BCAST prefixes. */
  prefixes: Set<string>;
}

/** A BCAST prefix: its clients, and the keys changed under it since the last broadcast, each with
 * the client that changed it (null: the server itself, as for an expiry), for NOLOOP. */
interface Prefix {
  readonly clients: Set<Client>;
  keys: Map<string, Client | null>;
}

/** The server's side (Redis's TrackingTable and PrefixTable). */
export class TrackingTable {
  /** How many clients have tracking on (INFO tracking_clients). */
  clients = 0;
  /** Default mode: key -> ids of the clients that read it since its last invalidation. */
  readonly keys = new Map<string, Set<number>>();
  /** Total of the id sets' sizes (INFO tracking_total_items). */
  items = 0;
  readonly prefixes = new Map<string, Prefix>();
  /** The client whose command is running, set by dispatch: NOLOOP and deferred invalidations. */
  current: Client | null = null;
  /** The key being expired, whose change no client made (NOLOOP does not hide it); see keyExpired. */
  expiring: string | null = null;
  /** Invalidations for `current` while its command runs: keys, or null for a flush. */
  pending: (string | null)[] = [];
  /** The command a client (not a script) is running, whose keys a script's reads count as. */
  private callerCmd: Command | null = null;
  private callerArgv: string[] = [];
  private broadcastScheduled = false;
  /** How many commands in a row found the table over tracking-table-max-keys (limitTrackingTable). */
  overLimitRuns = 0;

  noteCall(cmd: Command, argv: string[]): void {
    this.callerCmd = cmd;
    this.callerArgv = argv;
  }

  /** The reader and the keys of a readonly command run by `client` (see trackReads). */
  readKeysOf(client: Client, cmd: Command, argv: string[]): [Client | null, Command | null, string[]] {
    if (!client.isScriptClient) return [client, cmd, argv];
    return [this.current, this.callerCmd, this.callerArgv];
  }

  /** Whether a changed key may concern anyone. */
  get active(): boolean {
    return this.keys.size !== 0 || this.prefixes.size !== 0;
  }

  scheduleBroadcast(server: RespiteServer): void {
    if (this.broadcastScheduled) return;
    this.broadcastScheduled = true;
    // After the batch of commands being read (Redis broadcasts in beforeSleep).
    process.nextTick(() => {
      this.broadcastScheduled = false;
      broadcastInvalidations(server);
    });
  }
}

// ---- messages ------------------------------------------------------------------------------------

function bulk(s: string): string {
  return `$${s.length}\r\n${s}\r\n`;
}

const INVALIDATE_CHANNEL = '__redis__:invalidate';

/**
 * Send `payload` (an encoded array of keys, or a null) as an invalidation for tracking client `c`:
 * to c itself or to its redirect, as Redis's sendTrackingMessage.
 */
function sendInvalidation(c: Client, payload: string): void {
  const state = c.tracking;
  if (state === null) return;
  let target = c;
  const redirected = state.redirect !== 0;
  if (redirected) {
    const redirect = c.server.clients.get(state.redirect);
    if (redirect === undefined || redirect.closed) {
      state.brokenRedirect = true;
      if (c.protocol === 3) pushBytes(c, `>2\r\n${bulk('tracking-redir-broken')}:${state.redirect}\r\n`);
      return;
    }
    target = redirect;
  }
  if (target.protocol === 3) {
    pushBytes(target, `>2\r\n${bulk('invalidate')}${payload}`);
  } else if (redirected && target.subs.any) {
    // RESP2 has no pushes: a subscribed redirect client (even the client itself, redirected to its
    // own id) gets a message on __redis__:invalidate, whichever channels it subscribed to.
    pushBytes(target, `*3\r\n${bulk('message')}${bulk(INVALIDATE_CHANNEL)}${payload}`);
  }
  // A RESP2 client without a subscribed redirect hears nothing (but was forgotten all the same).
}

/** Through Pub/Sub's sendPush: CLIENT REPLY OFF and the output-buffer limits apply alike. */
function pushBytes(target: Client, text: string): void {
  sendPush(target, Buffer.from(text, 'latin1'));
}

/** The null a flush sends, in the tracking client's own protocol (as Redis, even when redirected). */
function flushPayload(c: Client): string {
  return c.protocol === 3 ? '_\r\n' : '$-1\r\n';
}

// ---- CLIENT TRACKING -----------------------------------------------------------------------------

export interface TrackingOptions {
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  prefixes: string[];
}

/** CLIENT TRACKING ON, options already checked. Prefixes add to those the client has. */
export function enableTracking(c: Client, options: TrackingOptions): void {
  const table = c.server.tracking;
  let state = c.tracking;
  if (state === null) {
    table.clients++;
    state = {
      redirect: 0,
      bcast: false,
      optin: false,
      optout: false,
      noloop: false,
      caching: false,
      brokenRedirect: false,
      prefixes: new Set(),
    };
    c.tracking = state;
  }
  state.redirect = options.redirect;
  state.bcast = options.bcast;
  state.optin = options.optin;
  state.optout = options.optout;
  state.noloop = options.noloop;
  state.brokenRedirect = false;
  if (options.bcast) {
    for (const prefix of options.prefixes.length === 0 ? [''] : options.prefixes) {
      let entry = table.prefixes.get(prefix);
      if (entry === undefined) {
        entry = { clients: new Set(), keys: new Map() };
        table.prefixes.set(prefix, entry);
      }
      entry.clients.add(c);
      state.prefixes.add(prefix);
    }
  }
}

/** CLIENT TRACKING OFF, RESET, or the connection closing. */
export function disableTracking(c: Client): void {
  const state = c.tracking;
  if (state === null) return;
  const table = c.server.tracking;
  for (const prefix of state.prefixes) {
    const entry = table.prefixes.get(prefix);
    if (entry === undefined) continue;
    entry.clients.delete(c);
    if (entry.clients.size === 0) table.prefixes.delete(prefix);
  }
  table.clients--;
  c.tracking = null;
}

/**
 * Redis's check that a client's BCAST prefixes do not overlap (one a prefix of another), among the
 * new ones and with those it has; the error message, or null. Names stop at a NUL byte, as C's %s.
 */
export function prefixOverlap(c: Client, prefixes: readonly string[]): string | null {
  const cstr = (s: string) => {
    const nul = s.indexOf('\x00');
    return nul < 0 ? s : s.slice(0, nul);
  };
  const overlaps = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);
  const existing = [...(c.tracking?.prefixes ?? [])].sort();
  for (let i = 0; i < prefixes.length; i++) {
    for (const old of existing) {
      if (overlaps(old, prefixes[i]))
        return E.ERR_TRACKING_PREFIX_OVERLAPS_EXISTING(cstr(prefixes[i]), cstr(old));
    }
    for (let j = i + 1; j < prefixes.length; j++) {
      if (overlaps(prefixes[i], prefixes[j]))
        return E.ERR_TRACKING_PREFIX_OVERLAPS_PROVIDED(cstr(prefixes[i]), cstr(prefixes[j]));
    }
  }
  return null;
}

// ---- remembering reads ---------------------------------------------------------------------------

/**
 * After a readonly command of tracking client `c` (default mode): remember its keys, unless OPTIN
 * without CLIENT CACHING YES or OPTOUT with CLIENT CACHING NO.
 */
export function rememberKeys(c: Client, cmd: Command, argv: string[]): void {
  const state = c.tracking!;
  if ((state.optin && !state.caching) || (state.optout && state.caching)) return;
  if (cmd.flags.includes('pubsub')) return; // shard channels sit where keys go; they are not keys
  const table = c.server.tracking;
  for (const i of commandKeys(cmd, argv)) {
    const key = argv[i];
    let ids = table.keys.get(key);
    if (ids === undefined) {
      ids = new Set();
      table.keys.set(key, ids);
    }
    if (!ids.has(c.id)) {
      ids.add(c.id);
      table.items++;
    }
  }
}

/** Read-only script commands: their own KEYS are not reads; what their scripts run is. */
const SCRIPT_RO = new Set(['eval_ro', 'evalsha_ro', 'fcall_ro']);

/**
 * After any command while some client tracks (from call()): remember what a readonly command read.
 * Inside a script, as Redis 7.0 does, the reader is the script's caller and the keys are those of
 * the caller's command (EVAL's KEYS), not of the command the script ran.
 */
export function trackReads(client: Client, cmd: Command, argv: string[]): void {
  if (!cmd.flags.includes('readonly') || SCRIPT_RO.has(cmd.name)) return;
  const [reader, keysCmd, keysArgv] = client.server.tracking.readKeysOf(client, cmd, argv);
  if (reader?.tracking && !reader.tracking.bcast && keysCmd !== null) rememberKeys(reader, keysCmd, keysArgv);
}

// ---- invalidating --------------------------------------------------------------------------------

/** A key changed (Redis's trackingInvalidateKey, from signalModifiedKey and expiry). */
export function invalidateKey(server: RespiteServer, key: string): void {
  const table = server.tracking;
  const current = table.current;
  const by = table.expiring === key ? null : current;
  table.expiring = null;
  if (table.prefixes.size !== 0) {
    let any = false;
    for (const [prefix, entry] of table.prefixes) {
      if (key.startsWith(prefix)) {
        entry.keys.set(key, by);
        any = true;
      }
    }
    if (any) table.scheduleBroadcast(server);
  }
  invalidateReaders(server, key, current);
}

/** Tell the clients that read `key` (default mode) that it changed, and forget them. */
function invalidateReaders(server: RespiteServer, key: string, current: Client | null): void {
  const table = server.tracking;
  const ids = table.keys.get(key);
  if (ids === undefined) return;
  table.keys.delete(key);
  table.items -= ids.size;
  for (const id of ids) {
    const target = server.clients.get(id);
    // A client that turned tracking off or switched to BCAST since it read the key hears nothing.
    if (target === undefined || target.tracking === null || target.tracking.bcast) continue;
    if (target === current) {
      if (!target.tracking.noloop) table.pending.push(key);
    } else {
      sendInvalidation(target, `*1\r\n${bulk(key)}`);
    }
  }
}

/**
 * tracking-table-max-keys, before each command while clients track (Redis's trackingLimitUsedSlots):
 * over the limit, keys are dropped, each with an invalidation to its readers as if it had changed,
 * until the table fits or the effort runs out; the effort grows each time in a row it runs out.
 * Redis drops random keys; respite drops the oldest, which a client cannot tell apart.
 */
export function limitTrackingTable(server: RespiteServer): void {
  const table = server.tracking;
  const max = server.config.getInt('tracking-table-max-keys');
  if (max === 0 || table.keys.size <= max) {
    table.overLimitRuns = 0;
    return;
  }
  let effort = 100 * (table.overLimitRuns + 1);
  for (const key of table.keys.keys()) {
    if (effort-- === 0) break;
    invalidateReaders(server, key, null); // nobody's change: the current client hears of it too
    if (table.keys.size <= max) {
      table.overLimitRuns = 0;
      return;
    }
  }
  table.overLimitRuns++;
}

/** FLUSHDB/FLUSHALL: every tracking client gets a null invalidation; the keys table is emptied. */
export function invalidateOnFlush(server: RespiteServer): void {
  const table = server.tracking;
  if (table.clients !== 0) {
    for (const c of server.clients.values()) {
      if (c.tracking === null) continue;
      if (c === table.current) table.pending.push(null);
      else sendInvalidation(c, flushPayload(c));
    }
  }
  table.keys.clear();
  table.items = 0;
}

/** After the current client's command: the invalidations held back for it, after its reply. */
export function sendPendingInvalidations(c: Client): void {
  const table = c.server.tracking;
  const pending = table.pending;
  table.pending = [];
  for (const key of pending) sendInvalidation(c, key === null ? flushPayload(c) : `*1\r\n${bulk(key)}`);
}

/** BCAST: each prefix's changed keys, in byte order, to each of its clients (NOLOOP: not their own). */
function broadcastInvalidations(server: RespiteServer): void {
  for (const prefix of [...server.tracking.prefixes.keys()].sort()) {
    const entry = server.tracking.prefixes.get(prefix)!;
    if (entry.keys.size === 0) continue;
    const changed = [...entry.keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    entry.keys = new Map();
    const all = encodeKeys(changed, null);
    for (const c of entry.clients) {
      if (c.tracking?.noloop) {
        const own = encodeKeys(changed, c);
        if (own !== null) sendInvalidation(c, own);
      } else {
        sendInvalidation(c, all!);
      }
    }
  }
}

/** An array of the changed keys, leaving out those `except` changed itself; null if none are left. */
function encodeKeys(changed: [string, Client | null][], except: Client | null): string | null {
  let body = '';
  let n = 0;
  for (const [key, by] of changed) {
    if (except !== null && by === except) continue;
    body += bulk(key);
    n++;
  }
  return n === 0 && except !== null ? null : `*${n}\r\n${body}`;
}

/** After any command of a tracking client: CLIENT CACHING covers only the next command, or a whole
 * transaction (the flag outlives the commands queued in MULTI), and is kept by CLIENT itself. */
export function afterTrackedCommand(c: Client, argv: string[]): void {
  const state = c.tracking!;
  if (state.caching && c.multi === null && argv[0].toLowerCase() !== 'client') state.caching = false;
}
