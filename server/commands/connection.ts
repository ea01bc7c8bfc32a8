// Connection commands: PING, ECHO, QUIT, RESET, SELECT, HELLO, AUTH, CLIENT.

import { unblockClient } from '../blocking.js';
import type { Client } from '../client.js';
import * as E from '../errors.js';
import { parseInt64, parseInt64Big } from '../numbers.js';
import { PAUSE_ALL, PAUSE_WRITE, type PauseType, pauseClients, unpauseClients } from '../pause.js';
import { dropSubscriptions } from '../pubsub.js';
import { disableTracking, enableTracking, prefixOverlap, type TrackingOptions } from '../tracking.js';
import { REDIS_VERSION } from '../version.js';
import { discardTransaction } from './transactions.js';
import { type CommandSpec, command } from './types.js';

// PING [message]
function ping(c: Client, argv: string[]): void {
  if (argv.length > 2) return c.out.error(E.ERR_WRONG_ARITY('ping'));
  // A RESP2 subscriber reads every frame as a message: PING answers as one, ["pong", message].
  if (c.subs.any && c.protocol === 2) {
    c.out.array(2);
    c.out.bulk('pong');
    return c.out.bulk(argv.length === 2 ? argv[1] : '');
  }
  if (argv.length === 2) c.out.bulk(argv[1]);
  else c.out.simple('PONG');
}

// ECHO message
function echo(c: Client, argv: string[]): void {
  c.out.bulk(argv[1]);
}

// QUIT
function quit(c: Client): void {
  c.out.ok();
  c.closeAfterReply = true;
}

// RESET
function reset(c: Client): void {
  c.select(0);
  c.out.proto = 2;
  c.name = '';
  c.replyMode = 'on';
  c.noEvict = false;
  c.noTouch = false;
  c.server.monitors.delete(c);
  discardTransaction(c);
  dropSubscriptions(c);
  disableTracking(c);
  c.setAuthenticated(!c.server.authRequired);
  c.out.simple('RESET');
}

// SELECT index
function select(c: Client, argv: string[]): void {
  const index = parseInt64(argv[1]);
  if (index === null) return c.out.error(E.ERR_NOT_INTEGER);
  if (index < -2147483648 || index > 2147483647) return c.out.error(E.ERR_INT_RANGE);
  if (index < 0 || index >= c.server.dbs.length) return c.out.error(E.ERR_DB_INDEX);
  c.select(index);
  c.out.ok();
}

/** Check a username and password against the default user, as Redis's ACLAuthenticateUser. */
function checkCredentials(c: Client, username: string, password: string): boolean {
  const required = c.server.config.get('requirepass');
  return username === 'default' && (required === '' || password === required);
}

// AUTH [username] password
function auth(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.out.error(E.ERR_SYNTAX);
  const username = argv.length === 3 ? argv[1] : 'default';
  const password = argv[argv.length - 1];
  if (argv.length === 2 && c.server.config.get('requirepass') === '')
    return c.out.error(E.ERR_AUTH_NO_PASSWORD);
  if (!checkCredentials(c, username, password)) return c.out.error(E.WRONGPASS);
  c.setAuthenticated(true);
  c.out.ok();
}

/** Reply to HELP as Redis's addReplyHelp does: a header, the lines, then HELP itself. */
export function replyHelp(c: Client, container: string, lines: readonly string[]): void {
  c.out.array(lines.length + 3);
  c.out.simple(`${container.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const line of lines) c.out.simple(line);
  c.out.simple('HELP');
  c.out.simple('    Prints this help.');
}

/** Client names are printable ASCII without spaces (Redis's validateClientName). */
export function validClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 0x21 || ch > 0x7e) return false;
  }
  return true;
}

// HELLO [protover [AUTH username password] [SETNAME clientname]]
function hello(c: Client, argv: string[]): void {
  let version = 0;
  let i = 1;
  if (argv.length >= 2) {
    const v = parseInt64(argv[i++]);
    if (v === null) return c.out.error(E.ERR_PROTOCOL_VERSION);
    if (v < 2 || v > 3) return c.out.error(E.NOPROTO);
    version = v;
  }
  let credentials: [string, string] | null = null;
  let name: string | null = null;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const opt = argv[i].toLowerCase();
    if (opt === 'auth' && more >= 2) {
      credentials = [argv[i + 1], argv[i + 2]];
      i += 2;
    } else if (opt === 'setname' && more >= 1) {
      name = argv[++i];
      if (!validClientName(name)) return c.out.error(E.ERR_CLIENT_NAME);
    } else {
      return c.out.error(E.ERR_HELLO_OPTION(argv[i]));
    }
  }
  if (credentials) {
    if (!checkCredentials(c, credentials[0], credentials[1])) return c.out.error(E.WRONGPASS);
    c.setAuthenticated(true);
  }
  if (!c.authenticated) return c.out.error(E.NOAUTH_HELLO);
  if (name !== null) c.name = name;
  if (version) c.out.proto = version as 2 | 3;

  const out = c.out;
  out.map(7);
  out.bulk('server');
  out.bulk('redis');
  out.bulk('version');
  out.bulk(REDIS_VERSION);
  out.bulk('proto');
  out.integer(out.proto);
  out.bulk('id');
  out.integer(c.id);
  out.bulk('mode');
  out.bulk('standalone');
  out.bulk('role');
  out.bulk('master');
  out.bulk('modules');
  out.array(0);
}

// ---- CLIENT -------------------------------------------------------------------------------------

/** CLIENT LIST TYPE and CLIENT KILL TYPE names: respite has no replicas and no master link. */
const CLIENT_TYPES = ['normal', 'slave', 'replica', 'pubsub', 'master'];

/**
 * The type CLIENT LIST TYPE and CLIENT KILL TYPE filter on. A MONITOR client is a normal one, as in
 * Redis; respite has no replica or master links. A client with subscriptions is a pubsub one.
 */
function clientType(c: Client): string {
  return c.subs.any ? 'pubsub' : 'normal';
}

/** CLIENT LIST's flags, in the order of Redis's getClientInfoString; N when none applies. */
function clientFlags(c: Client): string {
  let flags = '';
  if (c.server.monitors.has(c)) flags += 'O';
  if (c.subs.any) flags += 'P';
  if (c.multi !== null) flags += 'x';
  if (c.blocked !== null || c.postponed) flags += 'b';
  if (c.tracking !== null) flags += 't';
  if (c.tracking?.brokenRedirect) flags += 'R';
  if (c.tracking?.bcast) flags += 'B';
  if (c.dirtyCas) flags += 'd';
  if (c.closeAfterReply) flags += 'c';
  if (c.noEvict) flags += 'e';
  return flags || 'N';
}

/** The socket's file descriptor, which CLIENT LIST shows (-1 without a socket). */
function socketFd(c: Client): number {
  const handle = (c.socket as unknown as { _handle?: { fd?: number } } | null)?._handle;
  return handle?.fd ?? -1;
}

/**
 * One line of CLIENT LIST / CLIENT INFO, with Redis 7.0's fields in Redis 7.0's order. `argv` is the
 * command being run by the client asking (its argv-mem), or null for the others.
 */
function clientInfoLine(c: Client, argv: string[] | null): string {
  const now = c.server.clock.now();
  const qbuf = c.parser.pending;
  let argvMem = 0;
  for (const a of argv ?? []) argvMem += a.length;
  const obl = c.out.length;
  return [
    `id=${c.id}`,
    `addr=${c.addr}`,
    `laddr=${c.laddr}`,
    `fd=${socketFd(c)}`,
    `name=${c.name}`,
    `age=${Math.floor((now - c.createdAt) / 1000)}`,
    `idle=${Math.floor((now - c.lastInteraction) / 1000)}`,
    `flags=${clientFlags(c)}`,
    `db=${c.db.id}`,
    `sub=${c.subs.channels.size}`,
    `psub=${c.subs.patterns.size}`,
    `ssub=${c.subs.shard.size}`,
    'multi=-1',
    `qbuf=${qbuf}`,
    'qbuf-free=0',
    `argv-mem=${argvMem}`,
    'multi-mem=0',
    'rbs=16384',
    'rbp=16384',
    `obl=${obl}`,
    'oll=0',
    'omem=0',
    `tot-mem=${qbuf + argvMem + obl}`,
    'events=r',
    `cmd=${c.lastCommand}`,
    'user=default',
    `redir=${c.tracking?.redirect ?? -1}`,
    `resp=${c.protocol}`,
  ].join(' ');
}

// CLIENT ID
function clientId(c: Client): void {
  c.out.integer(c.id);
}

// CLIENT SETNAME connection-name
function clientSetName(c: Client, argv: string[]): void {
  if (!validClientName(argv[2])) return c.out.error(E.ERR_CLIENT_NAME);
  c.name = argv[2];
  c.out.ok();
}

// CLIENT GETNAME
function clientGetName(c: Client): void {
  if (c.name === '') c.out.nullBulk();
  else c.out.bulk(c.name);
}

// CLIENT SETINFO LIB-NAME libname | LIB-VER libver
// (Redis 7.2's; 7.0 has no such subcommand. Client libraries send it on connect and ignore a refusal,
// so answering it costs nothing and keeps their handshake quiet.)
function clientSetInfo(c: Client, argv: string[]): void {
  const attr = argv[2].toLowerCase();
  if (attr !== 'lib-name' && attr !== 'lib-ver') return c.out.error(E.ERR_SETINFO_OPTION(argv[2]));
  if (!validClientName(argv[3])) return c.out.error(E.ERR_SETINFO_VALUE(argv[2]));
  if (attr === 'lib-name') c.libName = argv[3];
  else c.libVer = argv[3];
  c.out.ok();
}

// CLIENT LIST [TYPE NORMAL | MASTER | REPLICA | PUBSUB] [ID client-id [client-id ...]]
function clientList(c: Client, argv: string[]): void {
  let clients: Client[] = [...c.server.clients.values()];
  if (argv.length === 4 && argv[2].toLowerCase() === 'type') {
    const type = argv[3].toLowerCase();
    if (!CLIENT_TYPES.includes(type)) return c.out.error(E.ERR_UNKNOWN_CLIENT_TYPE(argv[3]));
    clients = clients.filter((other) => clientType(other) === type);
  } else if (argv.length > 3 && argv[2].toLowerCase() === 'id') {
    const picked: Client[] = [];
    for (let i = 3; i < argv.length; i++) {
      const id = parseInt64(argv[i]);
      if (id === null) return c.out.error(E.ERR_INVALID_CLIENT_ID);
      const other = c.server.clients.get(id);
      if (other) picked.push(other);
    }
    clients = picked;
  } else if (argv.length !== 2) {
    return c.out.error(E.ERR_SYNTAX);
  }
  let text = '';
  for (const other of clients) text += `${clientInfoLine(other, other === c ? argv : null)}\n`;
  c.out.verbatim(text);
}

// CLIENT INFO
function clientInfo(c: Client, argv: string[]): void {
  c.out.verbatim(`${clientInfoLine(c, argv)}\n`);
}

// CLIENT KILL ip:port
// CLIENT KILL [ID client-id] [TYPE NORMAL | MASTER | SLAVE | REPLICA | PUBSUB] [USER username]
//             [ADDR ip:port] [LADDR ip:port] [SKIPME YES | NO] [...]
function clientKill(c: Client, argv: string[]): void {
  let addr: string | null = null;
  let laddr: string | null = null;
  let type: string | null = null;
  let id = 0;
  let skipMe = true;
  if (argv.length === 3) {
    addr = argv[2];
    skipMe = false; // the old form may kill the caller itself
  } else {
    for (let i = 2; i < argv.length; i += 2) {
      const opt = argv[i].toLowerCase();
      const more = i + 1 < argv.length;
      const value = argv[i + 1];
      if (opt === 'id' && more) {
        const n = parseInt64(value);
        // Redis's range check gives one message for anything but a positive integer.
        if (n === null || n < 1) return c.out.error(E.ERR_CLIENT_ID_NOT_POSITIVE);
        id = n;
      } else if (opt === 'type' && more) {
        type = value.toLowerCase();
        if (!CLIENT_TYPES.includes(type)) return c.out.error(E.ERR_UNKNOWN_CLIENT_TYPE(value));
      } else if (opt === 'addr' && more) {
        addr = value;
      } else if (opt === 'laddr' && more) {
        laddr = value;
      } else if (opt === 'user' && more) {
        if (value !== 'default') return c.out.error(E.ERR_NO_SUCH_USER(value));
      } else if (opt === 'skipme' && more) {
        const yn = value.toLowerCase();
        if (yn !== 'yes' && yn !== 'no') return c.out.error(E.ERR_SYNTAX);
        skipMe = yn === 'yes';
      } else {
        return c.out.error(E.ERR_SYNTAX);
      }
    }
  }
  let killed = 0;
  for (const other of [...c.server.clients.values()]) {
    if (addr !== null && other.addr !== addr) continue;
    if (laddr !== null && other.laddr !== laddr) continue;
    if (type !== null && clientType(other) !== type) continue;
    if (id !== 0 && other.id !== id) continue;
    if (other === c && skipMe) continue;
    if (other === c) c.closeAfterReply = true;
    else other.close();
    killed++;
  }
  if (argv.length !== 3) return c.out.integer(killed);
  if (killed === 0) return c.out.error(E.ERR_NO_SUCH_CLIENT);
  c.out.ok();
}

/** ON or OFF, for NO-EVICT and NO-TOUCH; null for anything else. */
function onOff(value: string): boolean | null {
  const v = value.toLowerCase();
  return v === 'on' ? true : v === 'off' ? false : null;
}

// CLIENT NO-EVICT ON | OFF
function clientNoEvict(c: Client, argv: string[]): void {
  const on = onOff(argv[2]);
  if (on === null) return c.out.error(E.ERR_SYNTAX);
  c.noEvict = on;
  c.out.ok();
}

// CLIENT NO-TOUCH ON | OFF
// (Redis 7.2's; accepted so clients that set it work. respite does not track key access times.)
function clientNoTouch(c: Client, argv: string[]): void {
  const on = onOff(argv[2]);
  if (on === null) return c.out.error(E.ERR_SYNTAX);
  c.noTouch = on;
  c.out.ok();
}

// CLIENT REPLY ON | OFF | SKIP
// Dispatch applies the mode to the replies that follow; only ON is itself answered.
function clientReply(c: Client, argv: string[]): void {
  const mode = argv[2].toLowerCase();
  if (mode === 'on') {
    c.replyMode = 'on';
    c.out.ok();
  } else if (mode === 'off') {
    c.replyMode = 'off';
  } else if (mode === 'skip') {
    if (c.replyMode !== 'off') c.replyMode = 'skip-next';
  } else {
    c.out.error(E.ERR_SYNTAX);
  }
}

const CLIENT_HELP = [
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
];

// CLIENT UNBLOCK client-id [TIMEOUT | ERROR]
function clientUnblock(c: Client, argv: string[]): void {
  if (argv.length > 4) return c.out.error(E.ERR_SUBCOMMAND_SYNTAX(argv[1], 'CLIENT'));
  let withError = false;
  if (argv.length === 4) {
    const reason = argv[3].toLowerCase();
    if (reason === 'error') withError = true;
    else if (reason !== 'timeout') return c.out.error(E.ERR_UNBLOCK_REASON);
  }
  const id = parseInt64(argv[2]);
  if (id === null) return c.out.error(E.ERR_NOT_INTEGER);
  const target = c.server.clients.get(id);
  c.out.integer(target !== undefined && unblockClient(target, withError) ? 1 : 0);
}

// CLIENT PAUSE timeout [WRITE | ALL]
function clientPause(c: Client, argv: string[]): void {
  if (argv.length > 4) return c.out.error(E.ERR_SUBCOMMAND_SYNTAX(argv[1], 'CLIENT'));
  let type: PauseType = PAUSE_ALL;
  if (argv.length === 4) {
    const mode = argv[3].toLowerCase();
    if (mode === 'write') type = PAUSE_WRITE;
    else if (mode !== 'all') return c.out.error(E.ERR_PAUSE_MODE);
  }
  // Redis's getTimeoutFromObjectOrReply in milliseconds: 0 is no pause at all, and an end past
  // LLONG_MAX wraps negative, which is in the past too.
  const timeout = parseInt64Big(argv[2]);
  if (timeout === null) return c.out.error(E.ERR_TIMEOUT_NOT_INTEGER);
  if (timeout < 0n) return c.out.error(E.ERR_TIMEOUT_NEGATIVE);
  const now = c.server.clock.now();
  const end = timeout === 0n || timeout > 2n ** 63n - 1n - BigInt(now) ? -1 : now + Number(timeout);
  pauseClients(c.server, end, type);
  c.out.ok();
}

// CLIENT UNPAUSE
function clientUnpause(c: Client): void {
  unpauseClients(c.server);
  c.out.ok();
}

// CLIENT TRACKING ON | OFF [REDIRECT client-id] [PREFIX prefix [PREFIX prefix ...]] [BCAST] [OPTIN]
//                 [OPTOUT] [NOLOOP]
function clientTracking(c: Client, argv: string[]): void {
  const options: TrackingOptions = {
    redirect: 0,
    bcast: false,
    optin: false,
    optout: false,
    noloop: false,
    prefixes: [],
  };
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    const more = i + 1 < argv.length;
    if (opt === 'redirect' && more) {
      i++;
      if (options.redirect !== 0) return c.out.error(E.ERR_TRACKING_ONE_REDIRECT);
      const id = parseInt64(argv[i]);
      if (id === null) return c.out.error(E.ERR_NOT_INTEGER);
      // The client must exist now, though it may go away later (then the redirect is broken).
      if (!c.server.clients.has(id)) return c.out.error(E.ERR_TRACKING_NO_REDIRECT_CLIENT);
      options.redirect = id;
    } else if (opt === 'bcast') {
      options.bcast = true;
    } else if (opt === 'optin') {
      options.optin = true;
    } else if (opt === 'optout') {
      options.optout = true;
    } else if (opt === 'noloop') {
      options.noloop = true;
    } else if (opt === 'prefix' && more) {
      options.prefixes.push(argv[++i]);
    } else {
      return c.out.error(E.ERR_SYNTAX);
    }
  }
  const mode = argv[2].toLowerCase();
  if (mode === 'off') {
    disableTracking(c);
    return c.out.ok();
  }
  if (mode !== 'on') return c.out.error(E.ERR_SYNTAX);
  const now = c.tracking;
  if (!options.bcast && options.prefixes.length !== 0) return c.out.error(E.ERR_TRACKING_PREFIX_NEEDS_BCAST);
  if (now !== null && now.bcast !== options.bcast) return c.out.error(E.ERR_TRACKING_SWITCH_BCAST);
  if (options.bcast && (options.optin || options.optout)) return c.out.error(E.ERR_TRACKING_OPTIN_BCAST);
  if (options.optin && options.optout) return c.out.error(E.ERR_TRACKING_OPTIN_AND_OPTOUT);
  if ((options.optin && now?.optout) || (options.optout && now?.optin))
    return c.out.error(E.ERR_TRACKING_SWITCH_OPTIN);
  if (options.bcast) {
    const overlap = prefixOverlap(c, options.prefixes);
    if (overlap !== null) return c.out.error(overlap);
  }
  enableTracking(c, options);
  c.out.ok();
}

// CLIENT CACHING YES | NO
function clientCaching(c: Client, argv: string[]): void {
  const state = c.tracking;
  if (state === null) return c.out.error(E.ERR_CACHING_NOT_TRACKING);
  const yn = argv[2].toLowerCase();
  if (yn === 'yes') {
    if (!state.optin) return c.out.error(E.ERR_CACHING_YES_NOT_OPTIN);
  } else if (yn === 'no') {
    if (!state.optout) return c.out.error(E.ERR_CACHING_NO_NOT_OPTOUT);
  } else {
    return c.out.error(E.ERR_SYNTAX);
  }
  state.caching = true;
  c.out.ok();
}

// CLIENT GETREDIR
function clientGetRedir(c: Client): void {
  c.out.integer(c.tracking?.redirect ?? -1);
}

// CLIENT TRACKINGINFO
function clientTrackingInfo(c: Client): void {
  const state = c.tracking;
  const flags = [state ? 'on' : 'off'];
  if (state?.bcast) flags.push('bcast');
  if (state?.optin) flags.push('optin');
  if (state?.optin && state.caching) flags.push('caching-yes');
  if (state?.optout) flags.push('optout');
  if (state?.optout && state.caching) flags.push('caching-no');
  if (state?.noloop) flags.push('noloop');
  if (state?.brokenRedirect) flags.push('broken_redirect');
  const out = c.out;
  out.map(3);
  out.bulk('flags');
  out.set(flags.length);
  for (const f of flags) out.bulk(f);
  out.bulk('redirect');
  out.integer(state?.redirect ?? -1);
  out.bulk('prefixes');
  out.bulkArray(state ? [...state.prefixes].sort() : []);
}

// CLIENT HELP
function clientHelp(c: Client, argv: string[]): void {
  replyHelp(c, argv[0], CLIENT_HELP);
}

/** A CLIENT subcommand's table entry: Redis gives them all the same flags but for the admin ones. */
function clientSub(
  name: string,
  arity: number,
  handler: CommandSpec['handler'],
  summary: string,
  more: { admin?: boolean; since?: string; complexity?: string } = {},
): CommandSpec {
  return command({
    name,
    arity,
    flags: more.admin ? ['admin', 'noscript', 'loading', 'stale'] : ['noscript', 'loading', 'stale'],
    group: 'connection',
    since: more.since ?? '2.4.0',
    summary,
    complexity: more.complexity ?? 'O(1)',
    handler,
  });
}

export const commands: CommandSpec[] = [
  command({
    name: 'ping',
    arity: -1,
    flags: ['fast'],
    group: 'connection',
    summary: 'Ping the server',
    complexity: 'O(1)',
    handler: ping,
  }),
  command({
    name: 'echo',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    group: 'connection',
    summary: 'Echo the given string',
    complexity: 'O(1)',
    handler: echo,
  }),
  command({
    name: 'quit',
    arity: -1,
    flags: ['allow_busy', 'noscript', 'loading', 'stale', 'fast', 'no_auth'],
    group: 'connection',
    summary: 'Close the connection',
    complexity: 'O(1)',
    handler: quit,
  }),
  command({
    name: 'reset',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    group: 'connection',
    since: '6.2.0',
    summary: 'Reset the connection',
    complexity: 'O(1)',
    handler: reset,
  }),
  command({
    name: 'select',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    group: 'connection',
    summary: 'Change the selected database for the current connection',
    complexity: 'O(1)',
    handler: select,
  }),
  command({
    name: 'auth',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    group: 'connection',
    summary: 'Authenticate to the server',
    complexity: 'O(N) where N is the number of passwords defined for the user',
    handler: auth,
  }),
  command({
    name: 'hello',
    arity: -1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    group: 'connection',
    since: '6.0.0',
    summary: 'Handshake with Redis',
    complexity: 'O(1)',
    handler: hello,
  }),
  command({
    name: 'client',
    arity: -2,
    flags: [],
    group: 'connection',
    since: '2.4.0',
    summary: 'A container for client connection commands',
    complexity: 'Depends on subcommand.',
    subcommands: [
      clientSub('id', 2, clientId, 'Returns the client ID for the current connection', { since: '5.0.0' }),
      clientSub('setname', 3, clientSetName, 'Set the current connection name', { since: '2.6.9' }),
      clientSub('getname', 2, clientGetName, 'Get the current connection name', { since: '2.6.9' }),
      clientSub('setinfo', 4, clientSetInfo, 'Set client or connection specific info', { since: '7.2.0' }),
      clientSub('list', -2, clientList, 'Get the list of client connections', {
        admin: true,
        complexity: 'O(N) where N is the number of client connections',
      }),
      clientSub('info', 2, clientInfo, 'Returns information about the current client connection.', {
        since: '6.2.0',
      }),
      clientSub('kill', -3, clientKill, 'Kill the connection of a client', {
        admin: true,
        complexity: 'O(N) where N is the number of client connections',
      }),
      clientSub('no-evict', 3, clientNoEvict, 'Set client eviction mode for the current connection', {
        admin: true,
        since: '7.0.0',
      }),
      clientSub(
        'no-touch',
        3,
        clientNoTouch,
        'Controls whether commands sent by the client will alter the LRU/LFU of the keys they access.',
        { since: '7.2.0' },
      ),
      clientSub(
        'unblock',
        -3,
        clientUnblock,
        'Unblock a client blocked in a blocking command from a different connection',
        {
          admin: true,
          since: '5.0.0',
          complexity: 'O(log N) where N is the number of client connections',
        },
      ),
      clientSub('pause', -3, clientPause, 'Stop processing commands from clients for some time', {
        admin: true,
        since: '2.9.50',
      }),
      clientSub('unpause', 2, clientUnpause, 'Resume processing of clients that were paused', {
        admin: true,
        since: '6.2.0',
        complexity: 'O(N) Where N is the number of paused clients',
      }),
      clientSub(
        'tracking',
        -3,
        clientTracking,
        'Enable or disable server assisted client side caching support',
        {
          since: '6.0.0',
          complexity: 'O(1). Some options may introduce additional complexity.',
        },
      ),
      clientSub(
        'caching',
        3,
        clientCaching,
        'Instruct the server about tracking or not keys in the next request',
        {
          since: '6.0.0',
        },
      ),
      clientSub('getredir', 2, clientGetRedir, 'Get tracking notifications redirection client ID if any', {
        since: '6.0.0',
      }),
      clientSub(
        'trackinginfo',
        2,
        clientTrackingInfo,
        'Return information about server assisted client side caching for the current connection',
        { since: '6.2.0' },
      ),
      clientSub('reply', 3, clientReply, 'Instruct the server whether to reply to commands', {
        since: '3.2.0',
      }),
      command({
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'connection',
        since: '5.0.0',
        summary: 'Show helpful text about the different subcommands',
        complexity: 'O(1)',
        handler: clientHelp,
      }),
    ],
  }),
];
