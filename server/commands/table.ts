// The command table: every family's entries, indexed for dispatch.

import * as acl from './acl.js';
import * as bitmaps from './bitmaps.js';
import * as cluster from './cluster.js';
import * as connection from './connection.js';
import * as geo from './geo.js';
import * as hashes from './hashes.js';
import * as hyperloglog from './hyperloglog.js';
import * as introspection from './introspection.js';
import * as keys from './keys.js';
import * as lists from './lists.js';
import * as memory from './memory.js';
import * as pubsub from './pubsub.js';
import * as respite from './respite.js';
import * as scripting from './scripting.js';
import * as server from './server.js';
import * as sets from './sets.js';
import * as sort from './sort.js';
import * as streams from './streams.js';
import * as strings from './strings.js';
import * as transactions from './transactions.js';
import type { CommandSpec } from './types.js';
import * as zsets from './zsets.js';

/** A table entry as dispatch sees it: with its full name and its subcommands indexed. */
export interface Command extends CommandSpec {
  /** "get", or "client|setname" for a subcommand: the name Redis uses in arity errors and ACLs. */
  fullname: string;
  parent: Command | null;
  subs: Map<string, Command> | null;
  /** Position in the table, so per-server counters can live in an array. */
  id: number;
  /** Flags dispatch tests on every call, looked up once. */
  noAuth: boolean;
  isProtected: boolean;
  /** SAVE, SHUTDOWN: refused inside MULTI rather than queued. */
  noMulti: boolean;
  /** EXEC, DISCARD, MULTI, WATCH, QUIT and RESET run even inside MULTI; everything else is queued. */
  runsInMulti: boolean;
}

let nextId = 0;

const families: readonly (readonly CommandSpec[])[] = [
  connection.commands,
  server.commands,
  acl.commands,
  introspection.commands,
  memory.commands,
  keys.commands,
  strings.commands,
  bitmaps.commands,
  lists.commands,
  hashes.commands,
  sets.commands,
  zsets.commands,
  geo.commands,
  hyperloglog.commands,
  sort.commands,
  streams.commands,
  pubsub.commands,
  transactions.commands,
  scripting.commands,
  cluster.commands,
  respite.commands,
];

function index(spec: CommandSpec, parent: Command | null): Command {
  const cmd: Command = {
    ...spec,
    fullname: parent ? `${parent.name}|${spec.name}` : spec.name,
    parent,
    subs: null,
    id: nextId++,
    noAuth: spec.flags.includes('no_auth'),
    isProtected: spec.flags.includes('protected'),
    noMulti: spec.flags.includes('no_multi'),
    runsInMulti:
      parent === null && ['exec', 'discard', 'multi', 'watch', 'quit', 'reset'].includes(spec.name),
  };
  if (spec.subcommands) {
    cmd.subs = new Map();
    for (const sub of spec.subcommands) cmd.subs.set(sub.name, index(sub, cmd));
  }
  return cmd;
}

/** Every top-level command by lower-case name. */
export const COMMANDS = new Map<string, Command>();
/** The same, also under upper-case names: clients mostly send one or the other, so one Map.get finds it. */
const LOOKUP = new Map<string, Command>();
for (const family of families) {
  for (const spec of family) {
    if (COMMANDS.has(spec.name)) throw new Error(`command table: ${spec.name} is declared twice`);
    const cmd = index(spec, null);
    COMMANDS.set(spec.name, cmd);
    LOOKUP.set(spec.name, cmd);
    LOOKUP.set(spec.name.toUpperCase(), cmd);
  }
}
/** How many commands and subcommands the table holds (the size of per-command arrays). */
export const COMMAND_SLOTS = nextId;

/**
 * Find the command for argv as Redis's lookupCommand does: a container command (CLIENT, CONFIG)
 * followed by a subcommand resolves to the subcommand; alone, to the container (whose arity then
 * fails). Returns undefined for an unknown command or subcommand.
 */
export function lookupCommand(argv: string[]): Command | undefined {
  const name = argv[0];
  let cmd = LOOKUP.get(name);
  if (cmd === undefined) {
    cmd = COMMANDS.get(name.toLowerCase());
    if (cmd === undefined) return undefined;
  }
  if (cmd.subs === null || argv.length < 2) return cmd;
  return cmd.subs.get(argv[1].toLowerCase());
}

/** The key argument positions of argv for `cmd` (COMMAND GETKEYS, WATCH, scripts, cluster slots). */
export function commandKeys(cmd: Command, argv: string[]): number[] {
  if (cmd.getKeys) return cmd.getKeys(argv);
  if (cmd.firstKey === 0) return [];
  const last = cmd.lastKey < 0 ? argv.length + cmd.lastKey : cmd.lastKey;
  const out: number[] = [];
  for (let i = cmd.firstKey; i <= last && i < argv.length; i += cmd.step) out.push(i);
  return out;
}
