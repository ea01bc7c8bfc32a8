// Connection commands: PING, ECHO, QUIT, RESET, SELECT, HELLO, AUTH, CLIENT.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { parseInt64 } from '../numbers.js';
import { REDIS_VERSION } from '../version.js';
import { type CommandSpec, command } from './types.js';

// PING [message]
function ping(c: Client, argv: string[]): void {
  if (argv.length > 2) return c.out.error(E.ERR_WRONG_ARITY('ping'));
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
  c.setAuthenticated(c.server.config.get('requirepass') === '');
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

export const commands: CommandSpec[] = [
  command({
    name: 'ping',
    arity: -1,
    flags: ['fast'],
    group: 'connection',
    summary: "Returns the server's liveliness response.",
    complexity: 'O(1)',
    handler: ping,
  }),
  command({
    name: 'echo',
    arity: 2,
    flags: ['fast'],
    group: 'connection',
    summary: 'Returns the given string.',
    complexity: 'O(1)',
    handler: echo,
  }),
  command({
    name: 'quit',
    arity: -1,
    flags: ['allow_busy', 'noscript', 'loading', 'stale', 'fast', 'no_auth'],
    group: 'connection',
    summary: 'Closes the connection.',
    complexity: 'O(1)',
    handler: quit,
  }),
  command({
    name: 'reset',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    group: 'connection',
    since: '6.2.0',
    summary: 'Resets the connection.',
    complexity: 'O(1)',
    handler: reset,
  }),
  command({
    name: 'select',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    group: 'connection',
    since: '2.0.0',
    summary: 'Changes the selected database.',
    complexity: 'O(1)',
    handler: select,
  }),
  command({
    name: 'auth',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    group: 'connection',
    summary: 'Authenticates the connection.',
    complexity: 'O(N) where N is the number of passwords defined for the user',
    handler: auth,
  }),
  command({
    name: 'hello',
    arity: -1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    group: 'connection',
    since: '6.0.0',
    summary: 'Handshakes with the Redis server.',
    complexity: 'O(1)',
    handler: hello,
  }),
];
