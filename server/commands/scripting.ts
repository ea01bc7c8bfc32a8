// Lua scripting (EVAL, EVALSHA, SCRIPT ...) and functions (FUNCTION, FCALL).
//
// The engine, the conversions and the run itself live in server/scripting/; this file parses the
// commands' arguments and keeps the script cache (SHA1 -> body), as Redis's eval.c.

import { dictSlots, jemallocSize, sdsSize } from '../allocation.js';
import type { Client } from '../client.js';
import * as E from '../errors.js';
import { globMatch } from '../glob.js';
import { feedScriptCommand } from '../monitor.js';
import { parseInt64 } from '../numbers.js';
import { killScript, runningScript } from '../scripting/busy.js';
import { sha1hex } from '../scripting/engine.js';
import { FunctionLibraries } from '../scripting/functions.js';
import {
  type CachedScript,
  COMPAT_FLAGS,
  compileError,
  luaEngine,
  runScript,
  type ScriptFlags,
  scripting,
} from '../scripting/runner.js';
import type { Command } from './table.js';
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
  const error = compileError(sha, script.body);
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
  feedScriptCommand(c, argv);
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
    argv,
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
  luaEngine().forgetScripts();
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
export function replyHelp(c: Client, container: string, lines: readonly string[]): void {
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
  killScript(c, true);
}

// ---- INFO ----

/** What INFO memory shows of scripts and functions. */
export interface ScriptsInfo {
  cachedScripts: number;
  functions: number;
  libraries: number;
  /** Redis's used_memory_scripts_eval: the cached scripts as Redis 7.0's eval.c accounts them. */
  scriptsEvalBytes: number;
}

export function scriptsInfo(server: Client['server']): ScriptsInfo {
  const scripts = scripting(server).scripts;
  // Per script: its SHA1 as an sds (3-byte header, 40 bytes, NUL), its body as the string object the
  // request made (embedded up to 44 bytes), a luaScript (16); then the dict's entries (24) and slots.
  let bytes = 0;
  for (const { body } of scripts.values()) {
    const n = body.length;
    bytes += sdsSize(40) + 16;
    bytes += n <= 44 ? jemallocSize(16 + 3 + n + 1) - 16 : sdsSize(n);
  }
  bytes += scripts.size * 24 + dictSlots(scripts.size) * 8;
  const libs = functionLibraries(server);
  return {
    cachedScripts: scripts.size,
    functions: libs.functions.size,
    libraries: libs.libraries.size,
    scriptsEvalBytes: bytes,
  };
}

// ---- Functions ----

/**
 * Whether EVAL, EVALSHA, FCALL or their _RO forms may write, as Redis's evalGetCommandFlags and
 * fcallGetCommandFlags decide from the flags the script or function declares (CLIENT PAUSE WRITE
 * reads this). Null for other commands, and for a script that declares no flags or is not known:
 * those keep their command's flags.
 */
export function scriptMayWrite(server: Client['server'], cmd: Command, argv: string[]): boolean | null {
  if (cmd.parent !== null) return null;
  const name = cmd.name;
  if (name === 'fcall' || name === 'fcall_ro') {
    const found = functionLibraries(server).functions.get(argv[1].toLowerCase());
    return found ? !found.fn.flags.includes('no-writes') : null;
  }
  const bySha = name === 'evalsha' || name === 'evalsha_ro';
  if (!bySha && name !== 'eval' && name !== 'eval_ro') return null;
  if (bySha && argv[1].length !== 40) return null;
  const cached = scripting(server).scripts.get(bySha ? argv[1].toLowerCase() : sha1hex(argv[1]));
  let flags: ScriptFlags | string;
  if (cached !== undefined) flags = cached.flags;
  else if (bySha) return null;
  else flags = parseShebang(argv[1]);
  if (typeof flags === 'string' || flags.compat) return null;
  return !flags.noWrites;
}

const libraries = new WeakMap<Client['server'], FunctionLibraries>();

/** The server's function libraries. */
export function functionLibraries(server: Client['server']): FunctionLibraries {
  let libs = libraries.get(server);
  if (!libs) {
    libs = new FunctionLibraries();
    libraries.set(server, libs);
  }
  return libs;
}

function fcallGeneric(c: Client, argv: string[], roCommand: boolean): void {
  feedScriptCommand(c, argv);
  const found = functionLibraries(c.server).functions.get(argv[1].toLowerCase());
  if (!found) return c.out.error(E.ERR_FUNCTION_NOT_FOUND);
  const n = parseInt64(argv[2]);
  if (n === null) return c.out.error(E.ERR_FCALL_BAD_NUMKEYS);
  if (n > argv.length - 3) return c.out.error(E.ERR_NUMKEYS_TOO_MANY);
  if (n < 0) return c.out.error(E.ERR_NUMKEYS_NEGATIVE);
  const noWrites = found.fn.flags.includes('no-writes');
  if (roCommand && !noWrites) return c.out.error(E.ERR_SCRIPT_WRITE_FLAG_RO);
  runScript(c, {
    body: null,
    name: found.fn.name,
    functionKey: functionLibraries(c.server).key(found.fn.name),
    keys: argv.slice(3, 3 + n),
    args: argv.slice(3 + n),
    readOnly: roCommand || noWrites,
    argv,
    // As FunctionLibraries.stage gives it to the engine: the shebang line made a comment.
    libraryCode: `--${found.lib.code.slice(2)}`,
  });
}

// FCALL function numkeys [key [key ...]] [arg [arg ...]]
function fcallCommand(c: Client, argv: string[]): void {
  fcallGeneric(c, argv, false);
}

// FCALL_RO function numkeys [key [key ...]] [arg [arg ...]]
function fcallRoCommand(c: Client, argv: string[]): void {
  fcallGeneric(c, argv, true);
}

// FUNCTION LOAD [REPLACE] function-code
function functionLoad(c: Client, argv: string[]): void {
  let replace = false;
  for (let i = 2; i < argv.length - 1; i++) {
    if (argv[i].toLowerCase() === 'replace') replace = true;
    else return c.out.error(E.ERR_FUNCTION_UNKNOWN_OPTION(argv[i]));
  }
  const result = functionLibraries(c.server).load(argv[argv.length - 1], replace);
  if ('error' in result) return c.out.error(result.error);
  c.server.dirty++;
  c.out.bulk(result.name);
}

// FUNCTION DELETE library-name
function functionDelete(c: Client, argv: string[]): void {
  if (!functionLibraries(c.server).delete(argv[2])) return c.out.error(E.ERR_FUNCTION_LIBRARY_NOT_FOUND);
  c.server.dirty++;
  c.out.ok();
}

// FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE]
function functionList(c: Client, argv: string[]): void {
  let withCode = false;
  let pattern: string | null = null;
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i].toLowerCase();
    if (!withCode && arg === 'withcode') {
      withCode = true;
      continue;
    }
    if (pattern === null && arg === 'libraryname') {
      if (i >= argv.length - 1) return c.out.error(E.ERR_FUNCTION_LIST_NO_NAME);
      pattern = argv[++i];
      continue;
    }
    return c.out.error(E.ERR_FUNCTION_LIST_ARG(argv[i]));
  }
  const libs = [...functionLibraries(c.server).libraries.values()].filter(
    (lib) => pattern === null || globMatch(pattern, lib.name, true),
  );
  c.out.array(libs.length);
  for (const lib of libs) {
    c.out.map(withCode ? 4 : 3);
    c.out.bulk('library_name');
    c.out.bulk(lib.name);
    c.out.bulk('engine');
    c.out.bulk('LUA');
    c.out.bulk('functions');
    c.out.array(lib.functions.length);
    for (const fn of lib.functions) {
      c.out.map(3);
      c.out.bulk('name');
      c.out.bulk(fn.name);
      c.out.bulk('description');
      if (fn.description === null) c.out.nullBulk();
      else c.out.bulk(fn.description);
      c.out.bulk('flags');
      c.out.set(fn.flags.length);
      for (const flag of fn.flags) c.out.simple(flag);
    }
    if (withCode) {
      c.out.bulk('library_code');
      c.out.bulk(lib.code);
    }
  }
}

// FUNCTION FLUSH [ASYNC | SYNC]
function functionFlush(c: Client, argv: string[]): void {
  if (argv.length > 3) return c.out.error(E.ERR_SUBCOMMAND_SYNTAX(argv[1], 'FUNCTION'));
  if (argv.length === 3) {
    const mode = argv[2].toLowerCase();
    if (mode !== 'sync' && mode !== 'async') return c.out.error(E.ERR_FUNCTION_FLUSH_ARGS);
  }
  functionLibraries(c.server).flush();
  c.server.dirty++;
  c.out.ok();
}

// FUNCTION DUMP
function functionDump(c: Client): void {
  c.out.bulk(functionLibraries(c.server).dump());
}

// FUNCTION RESTORE serialized-value [FLUSH | APPEND | REPLACE]
function functionRestore(c: Client, argv: string[]): void {
  let policy: 'flush' | 'append' | 'replace' = 'append';
  if (argv.length > 4) return c.out.error(E.ERR_SUBCOMMAND_SYNTAX(argv[1], 'FUNCTION'));
  if (argv.length === 4) {
    const p = argv[3].toLowerCase();
    if (p !== 'flush' && p !== 'append' && p !== 'replace') return c.out.error(E.ERR_FUNCTION_RESTORE_POLICY);
    policy = p;
  }
  const error = functionLibraries(c.server).restore(argv[2], policy);
  if (error !== null) return c.out.error(error);
  c.server.dirty++;
  c.out.ok();
}

// FUNCTION STATS
function functionStats(c: Client): void {
  const libs = functionLibraries(c.server);
  c.out.map(2);
  c.out.bulk('running_script');
  // Only a script that moved to a worker (scripting/busy.ts) runs while another command is served.
  const running = runningScript(c.server);
  if (running === null) c.out.nullBulk();
  else {
    c.out.map(3);
    c.out.bulk('name');
    c.out.bulk(running.name);
    c.out.bulk('command');
    c.out.bulkArray(running.argv);
    c.out.bulk('duration_ms');
    c.out.integer(running.durationMs);
  }
  c.out.bulk('engines');
  c.out.map(1);
  c.out.bulk('LUA');
  c.out.map(2);
  c.out.bulk('libraries_count');
  c.out.integer(libs.libraries.size);
  c.out.bulk('functions_count');
  c.out.integer(libs.functions.size);
}

// FUNCTION KILL
function functionKill(c: Client): void {
  killScript(c, false);
}

const FUNCTION_HELP = [
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
];

// FUNCTION HELP
function functionHelp(c: Client): void {
  replyHelp(c, 'FUNCTION', FUNCTION_HELP);
}

function functionSub(
  name: string,
  arity: number,
  flags: CommandSpec['flags'],
  summary: string,
  complexity: string,
  handler: CommandSpec['handler'],
) {
  return command({ name, arity, flags, group: 'scripting', summary, since: '7.0.0', complexity, handler });
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
      ...(ro ? [] : (['may_replicate'] as const)),
      'no_mandatory_keys',
      'movablekeys',
    ],
    getKeys: evalKeys,
    group: 'scripting',
    since,
    summary,
    complexity: name.startsWith('fcall')
      ? 'Depends on the function that is executed.'
      : 'Depends on the script that is executed.',
    handler,
  });
}

export const commands: CommandSpec[] = [
  evalSpec('eval', 'Execute a Lua script server side', '2.6.0', false, evalCommand),
  evalSpec('evalsha', 'Execute a Lua script server side', '2.6.0', false, evalshaCommand),
  evalSpec('eval_ro', 'Execute a read-only Lua script server side', '7.0.0', true, evalRoCommand),
  evalSpec('evalsha_ro', 'Execute a read-only Lua script server side', '7.0.0', true, evalshaRoCommand),
  evalSpec('fcall', 'Invoke a function', '7.0.0', false, fcallCommand),
  evalSpec('fcall_ro', 'Invoke a read-only function', '7.0.0', true, fcallRoCommand),
  command({
    name: 'function',
    arity: -2,
    flags: [],
    group: 'scripting',
    summary: 'A container for function commands',
    since: '7.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      functionSub('delete', 3, ['write', 'noscript'], 'Delete a function by name', 'O(1)', functionDelete),
      functionSub(
        'dump',
        2,
        ['noscript'],
        'Dump all functions into a serialized binary payload',
        'O(N) where N is the number of functions',
        functionDump,
      ),
      functionSub(
        'flush',
        -2,
        ['write', 'noscript'],
        'Deleting all functions',
        'O(N) where N is the number of functions deleted',
        functionFlush,
      ),
      functionSub(
        'help',
        2,
        ['loading', 'stale'],
        'Show helpful text about the different subcommands',
        'O(1)',
        functionHelp,
      ),
      functionSub(
        'kill',
        2,
        ['noscript', 'allow_busy'],
        'Kill the function currently in execution.',
        'O(1)',
        functionKill,
      ),
      functionSub(
        'list',
        -2,
        ['noscript'],
        'List information about all the functions',
        'O(N) where N is the number of functions',
        functionList,
      ),
      functionSub(
        'load',
        -3,
        ['write', 'denyoom', 'noscript'],
        'Create a function with the given arguments (name, code, description)',
        'O(1) (considering compilation time is redundant)',
        functionLoad,
      ),
      functionSub(
        'restore',
        -3,
        ['write', 'denyoom', 'noscript'],
        'Restore all the functions on the given payload',
        'O(N) where N is the number of functions on the payload',
        functionRestore,
      ),
      functionSub(
        'stats',
        2,
        ['noscript', 'allow_busy'],
        'Return information about the function currently running (name, description, duration)',
        'O(1)',
        functionStats,
      ),
    ],
  }),
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
