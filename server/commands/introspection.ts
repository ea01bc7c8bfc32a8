// Introspection commands: SLOWLOG and LATENCY. What they read is kept by server/slowlog.ts and
// server/latency.ts, fed by dispatch as commands complete.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { latencyBuckets, latencyDoctor, latencyGraph } from '../latency.js';
import { parseInt64 } from '../numbers.js';
import { replyHelp } from './connection.js';
import { commandByFullname } from './server.js';
import { COMMANDS, type Command } from './table.js';
import { type CommandSpec, command } from './types.js';

// ---- SLOWLOG ------------------------------------------------------------------------------------

// SLOWLOG GET [count]
function slowlogGet(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.out.error(E.ERR_SUBCOMMAND_SYNTAX(argv[1], 'SLOWLOG'));
  const log = c.server.slowlog;
  let count = 10;
  if (argv.length === 3) {
    const n = parseInt64(argv[2]);
    if (n === null || n < -1) return c.out.error(E.ERR_SLOWLOG_COUNT);
    count = n === -1 ? log.entries.length : n;
  }
  const shown = log.entries.slice(0, count);
  c.out.array(shown.length);
  for (const e of shown) {
    c.out.array(6);
    c.out.integer(e.id);
    c.out.integer(e.time);
    c.out.integer(e.durationUs);
    c.out.array(e.args.length);
    for (const arg of e.args) c.out.bulk(arg);
    c.out.bulk(e.peer);
    c.out.bulk(e.name);
  }
}

// SLOWLOG LEN
function slowlogLen(c: Client): void {
  c.out.integer(c.server.slowlog.entries.length);
}

// SLOWLOG RESET
function slowlogReset(c: Client): void {
  c.server.slowlog.entries = [];
  c.out.ok();
}

// SLOWLOG HELP
function slowlogHelp(c: Client): void {
  replyHelp(c, 'SLOWLOG', [
    'GET [<count>]',
    '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
    '    Entries are made of:',
    '    id, timestamp, time in microseconds, arguments array, client IP and port,',
    '    client name',
    'LEN',
    '    Return the length of the slowlog.',
    'RESET',
    '    Reset the slowlog.',
  ]);
}

// ---- LATENCY ------------------------------------------------------------------------------------

const nowSeconds = (c: Client) => Math.floor(c.server.clock.now() / 1000);

// LATENCY LATEST
function latencyLatest(c: Client): void {
  const events = c.server.latency.events;
  c.out.array(events.size);
  for (const [event, ts] of events) {
    const last = ts.last();
    c.out.array(4);
    c.out.bulk(event);
    c.out.integer(last.time);
    c.out.integer(last.latency);
    c.out.integer(ts.max);
  }
}

// LATENCY HISTORY event
function latencyHistory(c: Client, argv: string[]): void {
  const held = c.server.latency.events.get(argv[2])?.held() ?? [];
  c.out.array(held.length);
  for (const s of held) {
    c.out.array(2);
    c.out.integer(s.time);
    c.out.integer(s.latency);
  }
}

// LATENCY GRAPH event
function latencyGraphCommand(c: Client, argv: string[]): void {
  const ts = c.server.latency.events.get(argv[2]);
  if (ts === undefined) return c.out.error(E.ERR_LATENCY_NO_SAMPLES(argv[2]));
  c.out.verbatim(latencyGraph(argv[2], ts, nowSeconds(c)));
}

// LATENCY DOCTOR
function latencyDoctorCommand(c: Client): void {
  const config = c.server.config;
  const context = {
    nowSeconds: nowSeconds(c),
    slowlogSlowerThan: config.getInt('slowlog-log-slower-than'),
    hz: config.getInt('hz'),
  };
  c.out.verbatim(latencyDoctor(c.server.latency, context));
}

// LATENCY RESET [event [event ...]]
function latencyReset(c: Client, argv: string[]): void {
  const latency = c.server.latency;
  if (argv.length === 2) return c.out.integer(latency.reset(null));
  let resets = 0;
  for (let i = 2; i < argv.length; i++) resets += latency.reset(argv[i]);
  c.out.integer(resets);
}

// LATENCY HISTOGRAM [command [command ...]]
// Commands and subcommands with calls, each as a map of calls and histogram_usec (Redis's CDF).
function latencyHistogram(c: Client, argv: string[]): void {
  const server = c.server;
  const chosen: Command[] = [];
  const withData = (cmd: Command) => server.commandStats(cmd).histogram !== null;
  const add = (cmd: Command) => {
    if (withData(cmd)) chosen.push(cmd);
  };
  if (argv.length === 2) {
    for (const cmd of COMMANDS.values()) {
      add(cmd);
      for (const sub of cmd.subs?.values() ?? []) add(sub);
    }
  } else {
    for (let i = 2; i < argv.length; i++) {
      // A name finds a command ("get") and its subcommands, or one subcommand ("config|set").
      const cmd = commandByFullname(c, argv[i]);
      if (cmd === undefined) continue;
      add(cmd);
      for (const sub of cmd.subs?.values() ?? []) add(sub);
    }
  }
  c.out.map(chosen.length);
  for (const cmd of chosen) {
    const h = server.commandStats(cmd).histogram!;
    c.out.bulk(cmd.fullname);
    c.out.map(2);
    c.out.bulk('calls');
    c.out.integer(h.total);
    c.out.bulk('histogram_usec');
    const buckets = latencyBuckets(h);
    c.out.map(buckets.length);
    for (const [usec, count] of buckets) {
      c.out.integer(usec);
      c.out.integer(count);
    }
  }
}

// LATENCY HELP
function latencyHelp(c: Client): void {
  replyHelp(c, 'LATENCY', [
    'DOCTOR',
    '    Return a human readable latency analysis report.',
    'GRAPH <event>',
    '    Return an ASCII latency graph for the <event> class.',
    'HISTORY <event>',
    '    Return time-latency samples for the <event> class.',
    'LATEST',
    '    Return the latest latency samples for all events.',
    'RESET [<event> ...]',
    '    Reset latency data of one or more <event> classes.',
    '    (default: reset all data for all event classes)',
    'HISTOGRAM [COMMAND ...]',
    '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
    '    If no commands are specified then all histograms are replied.',
  ]);
}

// ---- the table ----------------------------------------------------------------------------------

const latencySub = (
  name: string,
  arity: number,
  summary: string,
  complexity: string,
  handler: CommandSpec['handler'],
) =>
  command({
    name,
    arity,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    group: 'server',
    since: name === 'histogram' ? '7.0.0' : '2.8.13',
    summary,
    complexity,
    handler,
  });

export const commands: CommandSpec[] = [
  command({
    name: 'slowlog',
    arity: -2,
    flags: [],
    group: 'server',
    since: '2.2.12',
    summary: 'A container for slow log commands',
    complexity: 'Depends on subcommand.',
    subcommands: [
      command({
        name: 'get',
        arity: -2,
        flags: ['admin', 'loading', 'stale'],
        group: 'server',
        since: '2.2.12',
        summary: "Get the slow log's entries",
        complexity: 'O(N) where N is the number of entries returned',
        handler: slowlogGet,
      }),
      command({
        name: 'len',
        arity: 2,
        flags: ['admin', 'loading', 'stale'],
        group: 'server',
        since: '2.2.12',
        summary: "Get the slow log's length",
        complexity: 'O(1)',
        handler: slowlogLen,
      }),
      command({
        name: 'reset',
        arity: 2,
        flags: ['admin', 'loading', 'stale'],
        group: 'server',
        since: '2.2.12',
        summary: 'Clear all entries from the slow log',
        complexity: 'O(N) where N is the number of entries in the slowlog',
        handler: slowlogReset,
      }),
      command({
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'server',
        since: '6.2.0',
        summary: 'Show helpful text about the different subcommands',
        complexity: 'O(1)',
        handler: slowlogHelp,
      }),
    ],
  }),
  command({
    name: 'latency',
    arity: -2,
    flags: [],
    group: 'server',
    since: '2.8.13',
    summary: 'A container for latency diagnostics commands',
    complexity: 'Depends on subcommand.',
    subcommands: [
      latencySub(
        'doctor',
        2,
        'Return a human readable latency analysis report.',
        'O(1)',
        latencyDoctorCommand,
      ),
      latencySub('graph', 3, 'Return a latency graph for the event.', 'O(1)', latencyGraphCommand),
      latencySub(
        'histogram',
        -2,
        'Return the cumulative distribution of latencies of a subset of commands or all.',
        'O(N) where N is the number of commands with latency information being retrieved.',
        latencyHistogram,
      ),
      latencySub('history', 3, 'Return timestamp-latency samples for the event.', 'O(1)', latencyHistory),
      latencySub('latest', 2, 'Return the latest latency samples for all events.', 'O(1)', latencyLatest),
      latencySub('reset', -2, 'Reset latency data for one or more events.', 'O(1)', latencyReset),
      command({
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'server',
        since: '2.8.13',
        summary: 'Show helpful text about the different subcommands.',
        complexity: 'O(1)',
        handler: latencyHelp,
      }),
    ],
  }),
];
