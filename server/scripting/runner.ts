// Running a script: the bridge between the Lua engine and the command table, as Redis's script.c and
// script_lua.c.
//
// A script runs synchronously, start to end, inside the EVAL (or FCALL) handler: nothing else runs
// meanwhile, which is what makes scripts atomic. redis.call goes through the same command table and
// the same call() as a client's command (so INFO commandstats, MONITOR, WATCH, keyspace notifications
// and blocked clients see it), on a fake client of the server's whose database follows SELECT inside
// the script and starts at the caller's. Before a command runs, the checks Redis's scriptCall makes:
// arguments present, command known, arity, not flagged noscript, no writes from read-only scripts.

import type { Client } from '../client.js';
import { type Command, lookupCommand } from '../commands/table.js';
import { call } from '../dispatch.js';
import * as E from '../errors.js';
import type { RespiteServer } from '../server.js';
import { runInWorker } from './busy.js';
import { respToWire, writeWire } from './convert.js';
import { type EngineHost, errorReply, LuaEngine, MAX_FUEL, TAG_SCRIPT_ERROR } from './engine.js';

/** What a script declared in its shebang (#!lua flags=...), or EVAL's legacy defaults. */
export interface ScriptFlags {
  /** No shebang: Redis's compatibility mode (no flag checks before running). */
  compat: boolean;
  noWrites: boolean;
  allowOom: boolean;
  allowStale: boolean;
  noCluster: boolean;
  allowCrossSlotKeys: boolean;
}

export const COMPAT_FLAGS: ScriptFlags = {
  compat: true,
  noWrites: false,
  allowOom: false,
  allowStale: false,
  noCluster: false,
  allowCrossSlotKeys: false,
};

/** A script cached by EVAL or SCRIPT LOAD: the body Lua compiles, and its shebang's flags. */
export interface CachedScript {
  body: string;
  flags: ScriptFlags;
}

/** One script in execution. */
export interface Run {
  readonly server: RespiteServer;
  readonly caller: Client;
  readonly lua: Client;
  /** What error messages name: the script's SHA1, or the function's name. */
  readonly name: string;
  /** Where error messages place it: user_script (EVAL) or user_function (FCALL). */
  readonly chunk: string;
  readonly readOnly: boolean;
  /** A write command ran: SCRIPT KILL can no longer stop it. */
  wrote: boolean;
  /**
   * Running on a slice of fuel (see runScript), and nothing it did so far forbids running it again
   * from the start in a worker.
   */
  sliced: boolean;
  /** performance.now() when it began. */
  readonly started: number;
  /** The last error redis.call raised, to tell it from a Lua runtime error when the script dies. */
  lastCallError: string | null;
}

/** Per-server scripting state. */
export interface Scripting {
  /** The client scripts run their commands as (Redis's "lua client"). */
  lua: Client;
  /** EVAL's script cache: SHA1 -> script. */
  scripts: Map<string, CachedScript>;
}

const states = new WeakMap<RespiteServer, Scripting>();

export function scripting(server: RespiteServer): Scripting {
  let s = states.get(server);
  if (!s) {
    const lua = server.createClient();
    lua.denyBlocking = true;
    lua.authenticated = true;
    lua.isScriptClient = true;
    s = { lua, scripts: new Map() };
    states.set(server, s);
  }
  return s;
}

/** The script running now, if any (scripts cannot nest: EVAL is refused inside a script). */
let current: Run | null = null;

export function currentRun(): Run | null {
  return current;
}

/**
 * redis.call / redis.pcall of `run`, wherever its engine is (here, or a worker: busy.ts): the command's
 * reply in the engine's format.
 */
export function serveCall(run: Run, args: string[], protected_: boolean): Buffer {
  const cmd = args.length === 0 ? undefined : lookupCommand(args);
  const refusal = checkCall(run, args, cmd);
  if (refusal !== null || cmd === undefined) {
    if (!protected_) run.lastCallError = refusal;
    return errorReply(refusal ?? E.ERR_SCRIPT_UNKNOWN_COMMAND);
  }
  const lua = run.lua;
  if (cmd.flags.includes('write')) run.wrote = true;
  // A script that changed data, or published, cannot run again from the start: it keeps this thread
  // and the whole budget of fuelFor.
  if (run.sliced) {
    if (run.wrote || cmd.flags.includes('may_replicate')) {
      run.sliced = false;
      luaEngine().setFuelLeft(fuelFor(run.server));
    } else if (run.server.lastCommandEnd - run.started > SLICE_MS) {
      // Its slice of time is over (instructions count Lua's work, not its commands'): the engine
      // stops it at its next instruction, and it moves to a worker. The time is when its previous
      // command ended (dispatch's call() reads the clock after each command anyway), so a slow command
      // is noticed at the next redis.call, without a clock read of its own for every call.
      luaEngine().setFuelLeft(1);
    }
  }
  call(lua, cmd, args);
  const resp = lua.out.take();
  const reply = respToWire(resp, 0);
  if (!protected_ && resp[0] === 0x2d) run.lastCallError = errorText(reply);
  return reply;
}

/** Run `fn` with `run` as the current script (a worker's redis.call: see busy.ts). */
export function withRun<T>(run: Run, fn: () => T): T {
  const outer = current;
  current = run;
  try {
    return fn();
  } finally {
    current = outer;
  }
}

const host: EngineHost = {
  call(args, protected_) {
    const run = current;
    if (run === null) return errorReply(E.ERR_SCRIPT_UNKNOWN_COMMAND);
    return serveCall(run, args, protected_);
  },
  log() {
    // respite keeps no log file; redis.log is accepted and dropped.
  },
  setResp(version) {
    if (current) current.lua.out.proto = version === 3 ? 3 : 2;
  },
};

function errorText(wire: Buffer): string {
  return wire.latin1Slice(5, 5 + wire.readUInt32LE(1));
}

/** Redis's scriptCall checks, in its order; null when the command may run. */
function checkCall(run: Run, args: string[], cmd: Command | undefined): string | null {
  if (args.length === 0) return E.ERR_SCRIPT_NO_ARGS;
  if (cmd === undefined) return E.ERR_SCRIPT_UNKNOWN_COMMAND;
  if ((cmd.arity > 0 && args.length !== cmd.arity) || args.length < -cmd.arity) {
    return E.ERR_SCRIPT_WRONG_ARITY;
  }
  if (cmd.flags.includes('noscript')) return E.ERR_SCRIPT_NOT_ALLOWED;
  // PUBLISH and SPUBLISH (may_replicate) count as writes: they reach replicas.
  if (run.readOnly && (cmd.flags.includes('write') || cmd.flags.includes('may_replicate'))) {
    return E.ERR_SCRIPT_WRITE_IN_RO;
  }
  return null;
}

let engine: LuaEngine | null = null;
/** Whether an engine was dropped: the next one must get the function libraries back. */
let replaced = false;

/** What must be loaded into a new engine that replaces a dropped one (function libraries). */
const reloaders = new Set<WeakRef<{ reload(): void }>>();

/** Have `owner.reload()` called whenever a new engine replaces a dropped one. */
export function reloadOnNewEngine(owner: { reload(): void }): void {
  reloaders.add(new WeakRef(owner));
}

/** The process's Lua engine, created on first use (a few milliseconds, once). */
export function luaEngine(): LuaEngine {
  if (engine === null) {
    engine = new LuaEngine(host);
    if (replaced) {
      replaced = false;
      for (const ref of reloaders) {
        const owner = ref.deref();
        if (owner === undefined) reloaders.delete(ref);
        else owner.reload();
      }
    }
  }
  return engine;
}

/**
 * Drop the engine after it threw out of a call (Node's stack limit in deep C recursion, an abort):
 * its Lua state was left in the middle of a call and cannot be trusted. The next use creates a new
 * one; scripts compile again on demand, function libraries are loaded again.
 */
export function dropEngine(): void {
  engine = null;
  replaced = true;
}

/**
 * Compile a script and keep it compiled under its SHA1: null, or the compiler's message
 * ("user_script:1: ...").
 */
export function compileError(sha: string, body: string): string | null {
  try {
    return luaEngine().define(sha, body);
  } catch (err) {
    dropEngine();
    return engineFailure(err);
  }
}

/** What a caller is told when the engine failed under a script (Redis would have crashed, or not). */
function engineFailure(err: unknown): string {
  return `Lua engine failure: ${err instanceof Error ? err.message : String(err)}`;
}

export interface RunOptions {
  /** EVAL's script body (null for a function). */
  body: string | null;
  /** The script's SHA1 (EVAL) or the function's name (FCALL), for error messages. */
  name: string;
  /** FCALL: the function's key in the engine (see functionKey). */
  functionKey?: string;
  keys: readonly string[];
  args: readonly string[];
  readOnly: boolean;
  /** The caller's command (FUNCTION STATS shows it while the script runs in a worker). */
  argv?: readonly string[];
  /** FCALL: the library's code as the engine loads it, for a worker's engine. */
  libraryCode?: string;
}

/** Run a script for `caller` and write its result (or its error) to caller.out. */
export function runScript(caller: Client, options: RunOptions): void {
  const server = caller.server;
  const state = scripting(server);
  const lua = state.lua;
  lua.db = caller.db;
  lua.out.proto = 2;
  const run: Run = {
    server,
    caller,
    lua,
    name: options.name,
    chunk: options.body === null ? 'user_function' : 'user_script',
    readOnly: options.readOnly,
    wrote: false,
    sliced: canMove(caller) && luaEngine().canSteerFuel,
    started: performance.now(),
    lastCallError: null,
  };
  const vm = luaEngine();
  current = run;
  let wire: Buffer;
  try {
    const fuel = run.sliced ? Math.min(SLICE_FUEL, fuelFor(server)) : fuelFor(server);
    wire =
      options.body === null
        ? vm.callFunction(options.functionKey!, options.keys, options.args, fuel)
        : vm.call(options.name, options.body, options.keys, options.args, fuel);
  } catch (err) {
    dropEngine();
    caller.out.error(`ERR ${engineFailure(err)} script: ${run.name}, on @${run.chunk}:1.`);
    return;
  } finally {
    current = null;
    lua.out.truncate(0);
  }
  if (run.sliced && isFuelKill(wire)) {
    lua.out.proto = 2;
    runInWorker(run, options);
    return;
  }
  const failure = writeWire(caller.out, wire);
  if (failure !== null) {
    caller.out.error(scriptErrorMessage(run, failure.message, failure.line));
    // The script filled the engine's memory and died: collect its garbage now (see SETUP_LUA).
    if (failure.message.endsWith('not enough memory')) collectGarbage(vm);
  }
}

/**
 * Instructions a script may run on the main thread before it moves to a worker: a few tens of
 * milliseconds. Most scripts end well within it.
 */
const SLICE_FUEL = 3_000_000;
const SLICE_MS = 30;

/**
 * Whether a script of `caller` may move to a worker: not inside EXEC or another script (what follows
 * it must wait for its reply synchronously), and only for a connection that can be answered later.
 */
function canMove(caller: Client): boolean {
  return caller.socket !== null && !caller.denyBlocking && caller.multi === null;
}

/** Whether the engine stopped the script at its fuel limit. */
function isFuelKill(wire: Buffer): boolean {
  return wire[0] === TAG_SCRIPT_ERROR && wire.latin1Slice(9, 5 + wire.readUInt32LE(1)).endsWith(FUEL_KILL);
}

export const FUEL_KILL = 'Script killed by fuel limit';

function collectGarbage(vm: LuaEngine): void {
  try {
    vm.run('collectgarbage()', [], []);
  } catch {
    dropEngine();
  }
}

/**
 * Lua instructions per millisecond, roughly, on a modest machine: what turns busy-reply-threshold into
 * an instruction budget.
 */
export const INSTRUCTIONS_PER_MS = 100_000;

/**
 * The instruction budget of a script that cannot move to a worker (it wrote, or runs inside EXEC):
 * the engine cannot pause it, so where Redis would answer BUSY to other clients after
 * busy-reply-threshold and wait for SCRIPT KILL, respite stops it itself after about that long (the
 * caller gets Redis's "killed" error): the server never hangs. Scripts that can move do (busy.ts).
 */
function fuelFor(server: RespiteServer): number {
  const ms = server.config.getInt('busy-reply-threshold');
  return Math.max(1_000_000, Math.min(MAX_FUEL, ms * INSTRUCTIONS_PER_MS));
}

/**
 * The error reply of a script that died, as Redis's luaCallFunction words it: a Lua error (a string)
 * gets "ERR " in front, an error table raised by redis.call (or error({err=...})) keeps its own code,
 * and both end with where it happened.
 */
export function scriptErrorMessage(run: Run, raw: string, line: number): string {
  if (raw.endsWith(FUEL_KILL))
    return `${E.ERR_SCRIPT_KILLED} script: ${run.name}, on @${run.chunk}:${line || 1}.`;
  return `${luaErrorMessage(raw, run.lastCallError)} script: ${run.name}, on @${run.chunk}:${line || 1}.`;
}

/** A Lua error's text as Redis words it ("CODE message"), before any location is added. */
export function luaErrorMessage(raw: string, lastCallError: string | null): string {
  const marker = raw.indexOf('__RLUA_E__:');
  if (marker >= 0) {
    const [kind, name] = raw.slice(marker + 11).split(/:(.*)/s);
    if (kind === 'global-read') return `ERR ${raw.slice(0, marker)}${E.ERR_SCRIPT_GLOBAL_READ(name)}`;
    // Raised by respite's own Lua (redis.register_function): already "CODE message".
    if (kind === 'respite') return name;
    return E.ERR_SCRIPT_ARG_TYPE;
  }
  // The redis library's own errors (redis.setresp(4)) are raised as strings by the engine, as
  // error tables by Redis: without the position.
  if (/^user_(script|function):\d+: ERR /.test(raw)) return raw.slice(raw.indexOf(': ') + 2);
  if (raw === lastCallError || /^[A-Z][A-Z0-9]* /.test(raw)) return raw;
  return `ERR ${raw}`;
}
