// The shape of a command table entry. Each command family (strings.ts, keys.ts, ...) exports an array
// of these; commands/index.ts gathers them into the one table that dispatch, COMMAND INFO/DOCS/COUNT/
// GETKEYS and (later) WATCH and script key checks all read. Nothing about a command is written twice.

import type { Client } from '../client.js';

/** Redis's command flags (COMMAND INFO prints them). */
export type CommandFlag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'blocking'
  | 'loading'
  | 'stale'
  | 'skip_monitor'
  | 'skip_slowlog'
  | 'fast'
  | 'no_auth'
  | 'may_replicate'
  | 'no_mandatory_keys'
  | 'protected'
  | 'no_async_loading'
  | 'no_multi'
  | 'movablekeys'
  | 'allow_busy';

/** Redis's command groups (COMMAND DOCS). */
export type CommandGroup =
  | 'connection'
  | 'server'
  | 'generic'
  | 'string'
  | 'bitmap'
  | 'list'
  | 'hash'
  | 'set'
  | 'sorted-set'
  | 'pubsub'
  | 'transactions'
  | 'scripting'
  | 'stream'
  | 'hyperloglog'
  | 'geo'
  | 'cluster';

/** A command handler: argv[0] is the command name as the client sent it. Replies go to client.out. */
export type Handler = (client: Client, argv: string[]) => void;

export interface CommandSpec {
  /** Lower case, as COMMAND INFO prints it; for a subcommand, just the subcommand ("setname"). */
  name: string;
  /** Redis's convention: counts the command name (and subcommand); -N means at least N. */
  arity: number;
  flags: readonly CommandFlag[];
  /** Key positions: the first and last key argument and the step between keys (0, 0, 0: no keys). */
  firstKey: number;
  /** A negative last key counts from the end: -1 is the last argument. */
  lastKey: number;
  step: number;
  /**
   * COMMAND INFO's key-spec flags, where deriving them from write/readonly does not give Redis's:
   * ["not_key"] for the shard channels SSUBSCRIBE and SPUBLISH name where keys go (COMMAND GETKEYS
   * then finds no keys, as in Redis).
   */
  keySpecFlags?: readonly string[];
  /** For commands whose keys are not at fixed positions (flag movablekeys): their argument indexes. */
  getKeys?: (argv: string[]) => number[];
  group: CommandGroup;
  /** ACL categories beyond those implied by flags and group (e.g. "dangerous"). */
  acl?: readonly string[];
  /** One line, for COMMAND DOCS. */
  summary: string;
  /** The Redis version that introduced the command. */
  since: string;
  complexity?: string;
  /** Absent on a container command (CLIENT, CONFIG, ...), which has `subcommands` instead. */
  handler?: Handler;
  subcommands?: CommandSpec[];
}

/** Shorthand for table entries: the fields most entries share get defaults. */
export function command(
  spec: Omit<CommandSpec, 'firstKey' | 'lastKey' | 'step' | 'since'> &
    Partial<Pick<CommandSpec, 'firstKey' | 'lastKey' | 'step' | 'since'>>,
): CommandSpec {
  return { firstKey: 0, lastKey: 0, step: 0, since: '1.0.0', ...spec };
}

/** An entry for a command whose only key is its first argument (GET, INCR, LPUSH, ...). */
export function keyCommand(
  spec: Omit<CommandSpec, 'firstKey' | 'lastKey' | 'step' | 'since'> & Partial<Pick<CommandSpec, 'since'>>,
): CommandSpec {
  return { firstKey: 1, lastKey: 1, step: 1, since: '1.0.0', ...spec };
}
