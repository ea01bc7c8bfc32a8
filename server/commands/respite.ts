// RESPITE: respite's own admin command, for tests that drive the server over the wire (from another
// process or another language): the clock, fault rules, the command log, the usage report, strict
// mode and reset. No Redis command is called RESPITE, so it cannot clash with one.
//
// It is refused unless the server was started with it enabled (startServer({ adminCommand: true }) or
// `respite server --enable-admin-command`): a production server never lets a client move its clock.
//
//   RESPITE CLOCK NOW | INFO | FREEZE [epoch-ms] | RESUME | ADVANCE ms | SET epoch-ms
//   RESPITE FAULT ADD [COMMAND name]... [KEY pattern] [AFTER n] [TIMES n]
//                     ERROR text | LATENCY ms | CLOSE | CHUNK [MAX n] [SEED n]
//   RESPITE FAULT DEL id | LIST | CLEAR
//   RESPITE LOG ON | OFF | GET [count] | LEN | CLEAR
//   RESPITE USAGE [ON | OFF | CLEAR]
//   RESPITE STRICT ON | OFF
//   RESPITE RESET

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { parseInt64 } from '../numbers.js';
import { toUtf8 } from '../protocol/bytes.js';
import type { FaultRule } from '../testing/faults.js';
import { harness } from '../testing/hooks.js';
import { formatUsage } from '../testing/usage.js';
import { replyHelp } from './connection.js';
import { type CommandSpec, command, type Handler } from './types.js';

const HELP = [
  'CLOCK NOW|INFO|RESUME',
  '    The server time in epoch milliseconds; INFO adds whether the clock is frozen.',
  'CLOCK FREEZE [<epoch-ms>] | ADVANCE <ms> | SET <epoch-ms>',
  '    Stop the clock (at a time), move it forward (expiring keys and firing timeouts that fall',
  '    due, in time order), or move it anywhere.',
  'FAULT ADD [COMMAND <name>]... [KEY <pattern>] [AFTER <n>] [TIMES <n>] <effect>',
  '    Add a fault rule; the reply is its id. <effect> is ERROR <text>, LATENCY <ms>, CLOSE,',
  '    or CHUNK [MAX <n>] [SEED <n>].',
  'FAULT DEL <id> | LIST | CLEAR',
  '    Remove one rule, list them, or remove them all.',
  'LOG ON|OFF|LEN|CLEAR | GET [<count>]',
  '    The command log; GET gives [client-id, db, time-ms, [arg ...]] entries, newest last.',
  'USAGE [ON|OFF|CLEAR]',
  '    Record which commands are used; alone, the report as text.',
  'STRICT ON|OFF',
  '    Refuse commands respite only approximates.',
  'RESET',
  '    Empty every database and restore the starting configuration; clear rules, log and usage.',
];

/** Refuse unless the admin command is enabled, then run `fn`. */
function admin(fn: Handler): Handler {
  return (c, argv) => {
    if (!c.server.adminCommand) return c.out.error(E.ERR_ADMIN_DISABLED);
    fn(c, argv);
  };
}

function integer(c: Client, arg: string | undefined, min = 0): number | null {
  const n = arg === undefined ? null : parseInt64(arg);
  if (n === null || n < min) {
    c.out.error(E.ERR_NOT_INTEGER);
    return null;
  }
  return n;
}

function onOff(c: Client, arg: string | undefined): boolean | null {
  const v = arg?.toLowerCase();
  if (v === 'on') return true;
  if (v === 'off') return false;
  c.out.error(E.ERR_SYNTAX);
  return null;
}

// RESPITE CLOCK NOW | INFO | FREEZE [epoch-ms] | RESUME | ADVANCE ms | SET epoch-ms
function clock(c: Client, argv: string[]): void {
  const clk = c.server.clock;
  const action = argv[2].toLowerCase();
  const n = argv.length;
  if (action === 'now' && n === 3) return c.out.integer(clk.now());
  if (action === 'info' && n === 3) {
    c.out.map(2);
    c.out.bulk('now');
    c.out.integer(clk.now());
    c.out.bulk('frozen');
    c.out.integer(clk.frozen ? 1 : 0);
    return;
  }
  if (action === 'resume' && n === 3) {
    clk.resume();
    return c.out.ok();
  }
  if (action === 'freeze' && (n === 3 || n === 4)) {
    const at = n === 4 ? integer(c, argv[3]) : undefined;
    if (at === null) return;
    clk.freeze(at);
    return c.out.ok();
  }
  if ((action === 'advance' || action === 'set') && n === 4) {
    const ms = integer(c, argv[3]);
    if (ms === null) return;
    if (action === 'advance') clk.advance(ms);
    else clk.set(ms);
    return c.out.integer(clk.now());
  }
  c.out.error(E.ERR_SYNTAX);
}

/** Parse FAULT ADD's arguments (from argv[3]) into a rule, or reply with an error and return null. */
function parseRule(c: Client, argv: string[]): FaultRule | null {
  const rule: FaultRule = {};
  const names: string[] = [];
  for (let i = 3; i < argv.length; i++) {
    const word = argv[i].toLowerCase();
    const arg = argv[i + 1];
    if (word === 'close') {
      rule.close = true;
      continue;
    }
    if (word === 'chunk') {
      const chunk: { max?: number; seed?: number } = {};
      for (;;) {
        const opt = argv[i + 1]?.toLowerCase();
        if (opt !== 'max' && opt !== 'seed') break;
        const v = integer(c, argv[i + 2], opt === 'max' ? 1 : 0);
        if (v === null) return null;
        chunk[opt] = v;
        i += 2;
      }
      rule.chunk = chunk;
      continue;
    }
    if (arg === undefined) {
      c.out.error(E.ERR_SYNTAX);
      return null;
    }
    i++;
    if (word === 'command') names.push(toUtf8(arg));
    else if (word === 'key') rule.key = toUtf8(arg);
    else if (word === 'error') rule.error = toUtf8(arg);
    else if (word === 'latency' || word === 'after' || word === 'times') {
      const v = integer(c, arg, word === 'times' ? 1 : 0);
      if (v === null) return null;
      rule[word] = v;
    } else {
      c.out.error(E.ERR_SYNTAX);
      return null;
    }
  }
  if (names.length > 0) rule.command = names;
  return rule;
}

// RESPITE FAULT ADD ... | DEL id | LIST | CLEAR
function fault(c: Client, argv: string[]): void {
  const faults = harness(c.server).faults;
  const action = argv[2].toLowerCase();
  if (action === 'add') {
    const rule = parseRule(c, argv);
    if (rule === null) return;
    try {
      return c.out.integer(faults.add(rule));
    } catch (err) {
      return c.out.error(`ERR ${(err as Error).message.replace('respite: ', '')}`);
    }
  }
  if (action === 'del' && argv.length === 4) {
    const id = integer(c, argv[3]);
    if (id === null) return;
    return c.out.integer(faults.remove(id) ? 1 : 0);
  }
  if (action === 'list' && argv.length === 3) {
    const rules = faults.list();
    c.out.array(rules.length);
    for (const r of rules) c.out.bulkText(JSON.stringify(r));
    return;
  }
  if (action === 'clear' && argv.length === 3) {
    faults.clear();
    return c.out.ok();
  }
  c.out.error(E.ERR_SYNTAX);
}

// RESPITE LOG ON | OFF | GET [count] | LEN | CLEAR
function log(c: Client, argv: string[]): void {
  const commandLog = harness(c.server).log;
  const action = argv[2].toLowerCase();
  const n = argv.length;
  if ((action === 'on' || action === 'off') && n === 3) {
    commandLog.enable(action === 'on');
    return c.out.ok();
  }
  if (action === 'len' && n === 3) return c.out.integer(commandLog.entries().length);
  if (action === 'clear' && n === 3) {
    commandLog.clear();
    return c.out.ok();
  }
  if (action === 'get' && (n === 3 || n === 4)) {
    const count = n === 4 ? integer(c, argv[3]) : Number.POSITIVE_INFINITY;
    if (count === null) return;
    const all = commandLog.entries();
    const entries = all.slice(Math.max(0, all.length - count));
    c.out.array(entries.length);
    for (const e of entries) {
      c.out.array(4);
      c.out.integer(e.client);
      c.out.integer(e.db);
      c.out.integer(e.time);
      c.out.array(e.argv.length);
      for (const a of e.argv) c.out.bulkText(a);
    }
    return;
  }
  c.out.error(E.ERR_SYNTAX);
}

// RESPITE USAGE [ON | OFF | CLEAR]
function usage(c: Client, argv: string[]): void {
  const u = harness(c.server).usage;
  if (argv.length === 2) return c.out.verbatim(formatUsage(u.report()));
  const action = argv[2].toLowerCase();
  if ((action === 'on' || action === 'off') && argv.length === 3) u.enable(action === 'on');
  else if (action === 'clear' && argv.length === 3) u.clear();
  else return c.out.error(E.ERR_SYNTAX);
  c.out.ok();
}

// RESPITE STRICT ON | OFF
function strict(c: Client, argv: string[]): void {
  const on = onOff(c, argv[2]);
  if (on === null) return;
  harness(c.server).strict = on;
  c.out.ok();
}

// RESPITE RESET
function reset(c: Client): void {
  c.server.reset();
  c.out.ok();
}

function sub(name: string, arity: number, handler: Handler, summary: string): CommandSpec {
  return command({
    name,
    arity,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    group: 'server',
    since: '7.0.0',
    summary,
    handler: admin(handler),
  });
}

export const commands: CommandSpec[] = [
  command({
    name: 'respite',
    arity: -2,
    flags: [],
    group: 'server',
    since: '7.0.0',
    summary: "respite's admin command for tests: clock, fault rules, command log, usage (off unless enabled)",
    subcommands: [
      sub('clock', -3, clock, 'Read, freeze, advance, set or resume the server clock'),
      sub('fault', -3, fault, 'Add, remove or list fault rules'),
      sub('log', -3, log, 'Switch, read or clear the command log'),
      sub('usage', -2, usage, 'The usage report, or switch it on or off'),
      sub('strict', 3, strict, 'Refuse commands respite only approximates, or stop'),
      sub('reset', 2, reset, 'Empty the data and restore the starting configuration'),
      sub(
        'help',
        2,
        (c, argv) => replyHelp(c, argv[0], HELP),
        'Show helpful text about the different subcommands',
      ),
    ],
  }),
];
