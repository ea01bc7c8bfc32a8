// Lua scripting (EVAL, EVALSHA, SCRIPT ...) and functions (FUNCTION, FCALL).
//
// The engine, the conversions and the run itself live in server/scripting/; this file parses the
// commands' arguments and keeps the script cache (SHA1 -> body), as Redis's eval.c.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { parseInt64 } from '../numbers.js';
import { sha1hex } from '../scripting/engine.js';
import {
  type CachedScript,
  COMPAT_FLAGS,
  compileError,
  runScript,
  type ScriptFlags,
  scripting,
} from '../scripting/runner.js';
import { type CommandSpec, command } from './types.js';

/** EVAL's keys: `numkeys` arguments after it (COMMAND GETKEYS, WATCH-free key extraction). */
function evalKeys(argv: string[]): number[] {
  const n = parseInt64(argv[2] ?? '');
  if (n === null || n < 0 || n > argv.length - 3) return [];
  return Array.from({ length: n }, (_, i) => 3 + i);
}

/**
 * Parse a script's shebang line ("#!lua flags=no-writes,allow-oom"), as Redis's
 * evalExtractShebangFlags. Returns the flags, or an error message.
 */
export function parseShebang(body: string): ScriptFlags | string {
  if (!body.startsWith('#!')) return COMPAT_FLAGS;
  const nl = body.indexOf('\n');
  if (nl < 0) return E.ERR_SHEBANG_INVALID;
  const line = body.slice(0, nl);
  const parts = line.split(' ').filter((p) => p.length > 0);
  if (parts[0] !== '#!lua') return E.ERR_SHEBANG_ENGINE(parts[0]);
  const flags: ScriptFlags = { ...COMPAT_FLAGS, compat: false };
  for (const part of parts.slice(1)) {
    if (!part.startsWith('flags=')) return E.ERR_SHEBANG_OPTION(part);
    for (const flag of part.slice(6).split(',')) {
      if (flag === '') continue;
      if (flag === 'no-writes') flags.noWrites = true;
      else if (flag === 'allow-oom') flags.allowOom = true;
      else if (flag === 'allow-stale') flags.allowStale = true;
      else if (flag === 'no-cluster') flags.noCluster = true;
      else if (flag === 'allow-cross-slot-keys') flags.allowCrossSlotKeys = true;
      else return E.ERR_SHEBANG_FLAG(flag);
    }
  }
  return flags;
}

/**
 * The body Lua compiles: a shebang line is commented out rather than removed, so that line numbers
 * in errors stay those of the script as sent.
 */
function luaBody(body: string): string {
  return body.startsWith('#!') ? `--${body.slice(2)}` : body;
}

/** Cache `body` under its SHA1 (checking its shebang); returns the SHA1 or replies an error. */
function cacheScript(c: Client, body: string): { sha: string; script: CachedScript } | null {
  const sha = sha1hex(body);
  const cache = scripting(c.server).scripts;
  const known = cache.get(sha);
  if (known) return { sha, script: known };
  const flags = parseShebang(body);
  if (typeof flags === 'string') {
    c.out.error(flags);
    return null;
  }
  const script = { body: luaBody(body), flags };
  const error = compileError(script.body);
  if (error !== null) {
    c.out.error(E.ERR_SCRIPT_COMPILE(error));
    return null;
  }
  cache.set(sha, script);
  return { sha, script };
}

/** Parse numkeys and split KEYS from ARGV; replies the error and returns null when invalid. */
function keysAndArgs(c: Client, argv: string[]): { keys: string[]; args: string[] } | null {
  const n = parseInt64(argv[2]);
  if (n === null) {
    c.out.error(E.ERR_NOT_INTEGER);
    return null;
  }
  if (n > argv.length - 3) {
    c.out.error(E.ERR_NUMKEYS_TOO_MANY);
    return null;
  }
  if (n < 0) {
    c.out.error(E.ERR_NUMKEYS_NEGATIVE);
    return null;
  }
  return { keys: argv.slice(3, 3 + n), args: argv.slice(3 + n) };
}

function evalGeneric(c: Client, argv: string[], bySha: boolean, roCommand: boolean): void {
  const split = keysAndArgs(c, argv);
  if (split === null) return;
  let sha: string;
  let script: CachedScript | undefined;
  if (bySha) {
    sha = argv[1].toLowerCase();
    script = sha.length === 40 ? scripting(c.server).scripts.get(sha) : undefined;
    if (!script) return c.out.error(E.NOSCRIPT);
  } else {
    const cached = cacheScript(c, argv[1]);
    if (cached === null) return;
    ({ sha, script } = cached);
  }
  const flags = script.flags;
  if (!flags.compat && !flags.noWrites && roCommand) return c.out.error(E.ERR_SCRIPT_WRITE_FLAG_RO);
  runScript(c, {
    body: script.body,
    name: sha,
    keys: split.keys,
    args: split.args,
    readOnly: roCommand || flags.noWrites,
  });
}

// EVAL script numkeys [key [key ...]] [arg [arg ...]]
function evalCommand(c: Client, argv: string[]): void {
  evalGeneric(c, argv, false, false);
}

// EVALSHA sha1 numkeys [key [key ...]] [arg [arg ...]]
function evalshaCommand(c: Client, argv: string[]): void {
  evalGeneric(c, argv, true, false);
}

// EVAL_RO script numkeys [key [key ...]] [arg [arg ...]]
function evalRoCommand(c: Client, argv: string[]): void {
  evalGeneric(c, argv, false, true);
}

// EVALSHA_RO sha1 numkeys [key [key ...]] [arg [arg ...]]
function evalshaRoCommand(c: Client, argv: string[]): void {
  evalGeneric(c, argv, true, true);
}

// SCRIPT LOAD script
function scriptLoad(c: Client, argv: string[]): void {
  const cached = cacheScript(c, argv[2]);
  if (cached === null) return;
  c.out.bulk(cached.sha);
}

// SCRIPT EXISTS sha1 [sha1 ...]
function scriptExists(c: Client, argv: string[]): void {
  const cache = scripting(c.server).scripts;
  c.out.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.out.integer(cache.has(argv[i].toLowerCase()) ? 1 : 0);
}

// SCRIPT FLUSH [ASYNC | SYNC]
function scriptFlush(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.out.error(E.ERR_SCRIPT_FLUSH_ARGS);
  if (argv.length === 3) {
    const mode = argv[2].toLowerCase();
    if (mode !== 'sync' && mode !== 'async') return c.out.error(E.ERR_SCRIPT_FLUSH_ARGS);
  }
  scripting(c.server).scripts.clear();
  c.out.ok();
}

const SCRIPT_HELP = [
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
];

/** Redis's addReplyHelp: a header, the lines, and HELP's own entry, each a status reply. */
function replyHelp(c: Client, container: string, lines: readonly string[]): void {
  c.out.array(lines.length + 3);
  c.out.simple(`${container} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const line of lines) c.out.simple(line);
  c.out.simple('HELP');
  c.out.simple('    Prints this help.');
}

// SCRIPT HELP
function scriptHelp(c: Client): void {
  replyHelp(c, 'SCRIPT', SCRIPT_HELP);
}

// SCRIPT KILL
function scriptKill(c: Client): void {
  c.out.error(E.NOTBUSY);
}

function evalSpec(
  name: string,
  summary: string,
  since: string,
  ro: boolean,
  handler: CommandSpec['handler'],
) {
  return command({
    name,
    arity: -3,
    flags: [
      ...(ro ? (['readonly'] as const) : []),
      'noscript',
      'stale',
      'skip_monitor',
      'no_mandatory_keys',
      'movablekeys',
    ],
    getKeys: evalKeys,
    group: 'scripting',
    since,
    summary,
    complexity: 'Depends on the script that is executed.',
    handler,
  });
}

export const commands: CommandSpec[] = [
  evalSpec('eval', 'Execute a Lua script server side', '2.6.0', false, evalCommand),
  evalSpec('evalsha', 'Execute a Lua script server side', '2.6.0', false, evalshaCommand),
  evalSpec('eval_ro', 'Execute a read-only Lua script server side', '7.0.0', true, evalRoCommand),
  evalSpec('evalsha_ro', 'Execute a read-only Lua script server side', '7.0.0', true, evalshaRoCommand),
  command({
    name: 'script',
    arity: -2,
    flags: [],
    group: 'scripting',
    summary: 'A container for Lua scripts management commands',
    since: '2.6.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      command({
        name: 'exists',
        arity: -3,
        flags: ['noscript'],
        group: 'scripting',
        summary: 'Check existence of scripts in the script cache.',
        since: '2.6.0',
        complexity:
          'O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).',
        handler: scriptExists,
      }),
      command({
        name: 'flush',
        arity: -2,
        flags: ['noscript'],
        group: 'scripting',
        summary: 'Remove all the scripts from the script cache.',
        since: '2.6.0',
        complexity: 'O(N) with N being the number of scripts in cache',
        handler: scriptFlush,
      }),
      command({
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        group: 'scripting',
        summary: 'Show helpful text about the different subcommands',
        since: '5.0.0',
        complexity: 'O(1)',
        handler: scriptHelp,
      }),
      command({
        name: 'kill',
        arity: 2,
        flags: ['noscript', 'allow_busy'],
        group: 'scripting',
        summary: 'Kill the script currently in execution.',
        since: '2.6.0',
        complexity: 'O(1)',
        handler: scriptKill,
      }),
      command({
        name: 'load',
        arity: 3,
        flags: ['noscript', 'stale'],
        group: 'scripting',
        summary: 'Load the specified Lua script into the script cache.',
        since: '2.6.0',
        complexity: 'O(N) with N being the length in bytes of the script body.',
        handler: scriptLoad,
      }),
    ],
  }),
];
