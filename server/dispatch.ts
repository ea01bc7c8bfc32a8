// Dispatch: every check that does not depend on what a command does, done once, in Redis's order
// (processCommand in Redis's server.c), before the handler runs:
//
//   1. "POST" and "Host:" (a browser talking to the port): close silently
//   2. lookup: unknown command, unknown subcommand
//   3. arity
//   4. protected commands (DEBUG) unless enable-debug-command allows them
//   5. authentication, then commands that may not be queued inside MULTI (SAVE, SHUTDOWN)
//   6. client-side caching: trim the tracking table to tracking-table-max-keys
//   7. a RESP2 client with subscriptions: only the subscribe family, PING, QUIT, RESET
//   8. the test harness's strict mode and fault rules (respite/testing), when installed
//   9. a script running past busy-reply-threshold: BUSY, except for what Redis allows then
//  10. CLIENT PAUSE: postpone what the pause covers until it ends
//  11. inside MULTI: queue it (refusals above make EXEC abort)
//  12. run the handler, then account for it (INFO commandstats and errorstats, latency, slow log)
//  13. show it to MONITOR clients
//
// and, around all of it, CLIENT REPLY OFF/SKIP, which silence refusals too; while a script runs in a
// worker thread, other clients' commands wait before any of this (scripting/busy.ts).
//
// A handler therefore only parses its own arguments and does its own work.

import { serveReadyKeys } from './blocking.js';
import type { Client } from './client.js';
import { type Command, lookupCommand } from './commands/table.js';
import { discardTransaction } from './commands/transactions.js';
import * as E from './errors.js';
import { HIST_COUNTS, recordLatency } from './latency.js';
import { feedMonitors } from './monitor.js';
import { isPostponed, PAUSE_OFF, postpone } from './pause.js';
import { busyRefusal, busyScripts, holdForScript } from './scripting/busy.js';
import { afterTrackedCommand, limitTrackingTable, sendPendingInvalidations, trackReads } from './tracking.js';

/** The commands a RESP2 client with subscriptions may run (Redis's processCommand). */
const ALLOWED_WHILE_SUBSCRIBED = new Set([
  'ping',
  'subscribe',
  'ssubscribe',
  'unsubscribe',
  'sunsubscribe',
  'psubscribe',
  'punsubscribe',
  'quit',
  'reset',
]);

/**
 * Run one command from `client`, applying CLIENT REPLY OFF/SKIP to whatever it replies. `again`: a
 * command CLIENT PAUSE postponed, now going through once more (pause.ts).
 */
export function dispatch(client: Client, argv: string[], again = false): void {
  // A script running in a worker: other clients wait for it (scripting/busy.ts).
  if (busyScripts.count !== 0 && holdForScript(client, argv)) return;
  // Redis's resetClient: SKIP silences exactly the command after CLIENT REPLY SKIP, refused or not.
  if (client.replyMode === 'skip-next') client.replyMode = 'skip';
  // Testing harness (server/testing/hooks.ts), null unless a command log or usage report is on.
  if (client.server.testHooks !== null && !again) client.server.testHooks.received(client, argv);
  const mark = client.out.length;
  const tracking = client.server.tracking;
  tracking.current = client;
  run(client, argv);
  // Postponed by CLIENT PAUSE: nothing ran, so nothing of the above is over yet (CLIENT REPLY SKIP
  // still applies to it when it runs).
  if (client.postponed) {
    tracking.current = null;
    return;
  }
  if (client.replyMode === 'off' || client.replyMode === 'skip') {
    client.out.truncate(mark);
    if (client.replyMode === 'skip') client.replyMode = 'on';
  }
  // Client-side caching: CLIENT CACHING lasts one command (outside MULTI), and invalidations of
  // keys this client changed itself follow its reply (tracking.ts).
  if (client.tracking !== null) afterTrackedCommand(client, argv);
  if (tracking.pending.length !== 0) sendPendingInvalidations(client);
  // Pushes to this client during its command survive CLIENT REPLY OFF/SKIP (pubsub.ts, ownPush).
  if (client.heldPushes !== null) {
    for (const push of client.heldPushes) client.out.encoded(push);
    client.heldPushes = null;
  }
  tracking.current = null;
  // Clients blocked on keys this command gave data to are served now that it is complete.
  if (client.server.readyKeys.size !== 0) serveReadyKeys(client.server);
}

function run(client: Client, argv: string[]): void {
  const server = client.server;
  const out = client.out;

  const cmd = lookupCommand(argv);
  if (cmd === undefined) {
    const first = argv[0].toLowerCase();
    if (first === 'post' || first === 'host:') {
      client.close(); // Redis logs a "possible SECURITY ATTACK" and drops the connection
      return;
    }
    return reject(client, null, unknownCommandError(argv));
  }
  client.lastCommand = cmd.fullname;

  if ((cmd.arity > 0 && argv.length !== cmd.arity) || argv.length < -cmd.arity) {
    return reject(client, cmd, E.ERR_WRONG_ARITY(cmd.fullname));
  }
  if (cmd.isProtected && server.config.get('enable-debug-command') === 'no') {
    return reject(client, cmd, E.ERR_PROTECTED((cmd.parent ?? cmd).name.toUpperCase()));
  }
  // Checked against the server's current password, as Redis's authRequired: clearing requirepass
  // lets unauthenticated clients through at once.
  if (!client.authenticated && !cmd.noAuth && server.authRequired) {
    return reject(client, cmd, E.NOAUTH);
  }
  if (cmd.noMulti && client.multi !== null) return reject(client, cmd, E.ERR_NO_MULTI);
  // Client-side caching: keep the tracking table within tracking-table-max-keys (Redis does it here,
  // after the OOM check, so refused commands above do not).
  if (server.tracking.clients !== 0) limitTrackingTable(server);
  // Pub/Sub: a RESP2 connection with subscriptions reads only message frames, so it may only
  // change its subscriptions, PING, QUIT or RESET. RESP3 tells pushes from replies.
  if (out.proto === 2 && client.subs.any && !ALLOWED_WHILE_SUBSCRIBED.has(cmd.fullname)) {
    return reject(client, cmd, E.ERR_PUBSUB_CONTEXT(cmd.fullname));
  }
  // Testing harness: strict mode and fault rules refuse here, where Redis's own refusals (-LOADING,
  // -OOM, -READONLY) happen, so inside MULTI they abort the transaction as those do.
  if (server.testHooks !== null) {
    const verdict = server.testHooks.check(client, cmd, argv);
    if (verdict === false) return; // the connection is being dropped
    if (verdict !== null) return reject(client, cmd, verdict);
  }

  // A script has run past busy-reply-threshold: only the commands Redis allows then (allow_busy).
  if (busyScripts.count !== 0) {
    const refusal = busyRefusal(client, cmd.flags);
    if (refusal !== null) return reject(client, cmd, refusal);
  }

  // CLIENT PAUSE: the command waits for the pause to end (pause.ts).
  if (server.pause.type !== PAUSE_OFF && isPostponed(server, client, cmd, argv)) {
    return postpone(server, client, argv);
  }

  // Inside MULTI, everything but the commands that steer the transaction waits for EXEC.
  if (client.multi !== null && !cmd.runsInMulti) {
    client.multi.queue.push({ cmd, argv });
    out.simple('QUEUED');
    return;
  }

  call(client, cmd, argv);
}

/**
 * Run a command that passed the checks: the handler, then its accounting (INFO commandstats and
 * errorstats) and MONITOR. EXEC runs its queued commands through here too.
 */
export function call(client: Client, cmd: Command, argv: string[]): void {
  const server = client.server;
  const out = client.out;
  const mark = out.length;
  // Within a batch of commands from one read, one clock read per command: each command's end is the
  // next one's start (so the time to parse a command counts as its own). Outside a batch, and for a
  // script's commands (whose previous end is followed by Lua's own work), two reads.
  const start = server.batchNow !== 0 && !client.isScriptClient ? server.lastCommandEnd : performance.now();
  if (server.tracking.clients !== 0 && !client.isScriptClient) server.tracking.noteCall(cmd, argv);
  cmd.handler!(client, argv);
  const end = performance.now();
  server.lastCommandEnd = end;
  const usec = (end - start) * 1000;
  const stats = server.commandStats(cmd);
  stats.calls++;
  stats.usec += usec;
  if (out.length > mark && out.byteAt(mark) === 0x2d /* '-' */) {
    stats.failedCalls++;
    server.countError(out.errorCodeAt(mark));
  }
  server.stats.commands++;
  // Latency: the monitor's event now; the histogram and the slow log once the command is complete,
  // which for a blocked client is when it is served and for a script in a worker when it ends.
  if (server.latency.threshold !== 0) {
    const event = cmd.flags.includes('fast') ? 'fast-command' : 'command';
    server.latency.addIfNeeded(event, Math.floor(usec / 1000), Math.floor(server.clock.now() / 1000));
  }
  if (client.blocked !== null) client.blocked.call = { cmd, argv, usec };
  else if (!client.heldByScript) accountLatency(client, cmd, argv, usec, stats);
  // Client-side caching: a tracking client may now cache the keys a readonly command read.
  if (server.tracking.clients !== 0) trackReads(client, cmd, argv);

  // As in Redis, monitors see a command after it ran (so SELECT shows its new database).
  if (server.monitors.size !== 0) feedMonitors(client, cmd, argv);
}

/** A command is complete after `usec` microseconds: its latency histogram and the slow log. */
export function accountLatency(
  client: Client,
  cmd: Command,
  argv: string[],
  usec: number,
  stats = client.server.commandStats(cmd),
): void {
  const server = client.server;
  const whole = Math.floor(usec);
  if (server.latencyTracking) {
    stats.histogram ??= { counts: new Float64Array(HIST_COUNTS), total: 0 };
    recordLatency(stats.histogram, whole);
  }
  if (server.slowlog.wants(whole)) server.slowlog.offer(client, cmd, argv, whole);
}

/**
 * A blocked client was served, in `replyUsec`: its command is complete, as Redis's
 * updateStatsOnUnblock (a wait that timed out is not accounted again).
 */
export function accountUnblocked(
  client: Client,
  call: { cmd: Command; argv: string[]; usec: number },
  replyUsec: number,
): void {
  accountLatency(client, call.cmd, call.argv, call.usec + replyUsec);
  const server = client.server;
  if (server.latency.threshold !== 0) {
    server.latency.addIfNeeded(
      'command-unblocking',
      Math.floor(replyUsec / 1000),
      Math.floor(server.clock.now() / 1000),
    );
  }
}

/**
 * A command refused before it ran: Redis counts it as rejected and replies with the error. Refusing
 * EXEC itself (wrong arity, NOAUTH) discards the transaction and says so, as Redis's execCommandAbort.
 */
function reject(client: Client, cmd: Command | null, message: string): void {
  if (cmd) client.server.commandStats(cmd).rejectedCalls++;
  if (client.multi !== null) client.multi.aborted = true; // EXEC will answer EXECABORT
  if (cmd?.name === 'exec') {
    discardTransaction(client);
    message = E.EXECABORT_BECAUSE(message.startsWith('ERR ') ? message.slice(4) : message);
  }
  client.server.countError(message.slice(0, message.indexOf(' ')));
  client.out.error(message);
}

/** "unknown command" or "unknown subcommand", formatted as Redis's commandCheckExistence does. */
function unknownCommandError(argv: string[]): string {
  const container = argv.length >= 2 ? lookupCommand([argv[0]]) : undefined;
  if (container?.subs)
    return E.ERR_UNKNOWN_SUBCOMMAND(E.cString(argv[1]).slice(0, 128), argv[0].toUpperCase());
  let args = '';
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    args += `'${E.cString(argv[i]).slice(0, 128 - args.length)}' `;
  }
  return E.ERR_UNKNOWN_COMMAND(E.cString(argv[0]).slice(0, 128), args);
}
