// The Lua engine: Redis's own Lua 5.1 (with cjson, cmsgpack, bit and struct) compiled to WebAssembly,
// from the npm package lua-redis-wasm.
//
// The package's own loader is asynchronous (its Emscripten glue awaits imports and instantiation),
// but a command handler runs synchronously and must be able to answer the first EVAL at once. So this
// module instantiates the same .wasm itself, synchronously, on first use: the glue's only jobs were
// stdio (which the sandbox never reaches: print and io are gone) and setjmp/longjmp, which Lua's error
// handling needs and which is reproduced here exactly as Emscripten does it (invoke_vii +
// _emscripten_throw_longjmp). Compiling and initialising costs a few milliseconds once per process.
//
// Data crosses the boundary in the package's binary ABI (see its codec):
//   a reply  [tag u8][len or count u32le][payload]   (tags below)
//   args     [count u32le] then per arg [len u32le][bytes]
// Functions that return a (ptr, len) pair take a pointer to 8 bytes to write it to as their first
// argument (the "sret" convention of this build).

import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { REDIS_VERSION } from '../version.js';
import { patchEngine } from './wasm-patch.js';

export const TAG_NULL = 0x00;
export const TAG_INT = 0x01;
export const TAG_BULK = 0x02;
export const TAG_ARRAY = 0x03;
export const TAG_STATUS = 0x04;
export const TAG_ERROR = 0x05;
/** An error that aborted the script (uncaught, or raised by redis.call): [line u32le] then the text. */
export const TAG_SCRIPT_ERROR = 0x06;
export const TAG_BOOL = 0x07;
export const TAG_DOUBLE = 0x08;
export const TAG_MAP = 0x09;
export const TAG_SET = 0x0a;
export const TAG_BIG_NUMBER = 0x0b;
export const TAG_VERBATIM = 0x0c;

/** What the engine asks of the server while a script runs. */
export interface EngineHost {
  /** redis.call / redis.pcall: run the command, return its reply in the ABI's reply format. */
  call(args: string[], protected_: boolean): Buffer;
  log(level: number, message: string): void;
  setResp(version: number): void;
}

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WASM = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Exports {
  memory: { buffer: ArrayBuffer };
  __wasm_call_ctors(): void;
  __indirect_function_table: { get(index: number): unknown };
  set_compat(flags: number): void;
  set_limits(maxFuel: number, maxReply: number, maxArg: number): void;
  init(): number;
  eval_with_args(
    ret: number,
    script: number,
    scriptLen: number,
    args: number,
    argsLen: number,
    keys: number,
  ): void;
  alloc(n: number): number;
  free_mem(p: number): void;
  setThrew(a: number, b: number): void;
  _emscripten_stack_restore(sp: number): void;
  emscripten_stack_get_current(): number;
}

/** Emscripten's longjmp is a JS exception of this class, caught by invoke_vii (Lua's setjmp). */
class LongJump {}

/** Redis 7.0's "redis" table entries that the engine leaves to its host. */
function redisProps(): Buffer {
  const [major, minor, patch] = REDIS_VERSION.split('.').map(Number);
  const fields: [string, string | number][] = [
    ['REDIS_VERSION', REDIS_VERSION],
    ['REDIS_VERSION_NUM', (major << 16) | (minor << 8) | patch],
    ['REPL_NONE', 0],
    ['REPL_AOF', 1],
    ['REPL_SLAVE', 2],
    ['REPL_REPLICA', 2],
    ['REPL_ALL', 3],
  ];
  // Stubs that ignore their arguments: replication is always "commands" in 7.0, and the debugger
  // (LDB) is not offered, where breakpoint answers false and debug does nothing.
  const stubs: [string, boolean | null][] = [
    ['set_repl', null],
    ['replicate_commands', true],
    ['breakpoint', false],
    ['debug', null],
  ];
  const parts: Buffer[] = [u32(fields.length + stubs.length)];
  const name = (s: string) => parts.push(u32(s.length), Buffer.from(s, 'latin1'));
  for (const [n, v] of fields) {
    name(n);
    if (typeof v === 'string') parts.push(Buffer.from([0, 3]), u32(v.length), Buffer.from(v, 'latin1'));
    else {
      const b = Buffer.alloc(10);
      b[1] = 2;
      b.writeDoubleLE(v, 2);
      parts.push(b);
    }
  }
  for (const [n, v] of stubs) {
    name(n);
    parts.push(v === null ? Buffer.from([1, 0]) : Buffer.from([1, 1, v ? 1 : 0]));
  }
  return Buffer.concat(parts);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
}

/** The engine's C stack, taken from its 64 MB heap (see the constructor). */
const C_STACK_BYTES = 4 * 1024 * 1024;

/** The largest instruction budget the engine takes (a u32): tens of seconds of plain Lua. */
export const MAX_FUEL = 2 ** 32 - 1;

let wasmModule: object | null = null;

/**
 * Where the patched engine keeps the digit of Lua's number format that redis.call switches for its
 * arguments (see wasm-patch.ts); 0 when the engine could not be patched.
 */
let formatDigitAt = 0;

/**
 * The compiled .wasm, shared by every engine of the process (compiling is the costly part), with
 * redis.call's number format patched to Redis's.
 */
function compiledModule(): object {
  if (wasmModule === null) {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('lua-redis-wasm');
    const path = entry.replace(/[^/\\]*$/, 'redis_lua.wasm');
    const engine = patchEngine(readFileSync(path));
    formatDigitAt = engine.digitAt;
    wasmModule = new WASM.Module(engine.bytes);
  }
  return wasmModule;
}

/**
 * One Lua VM. Not reentrant: a script runs to its end (or to its fuel limit) inside run(), calling
 * back into the host for redis.call.
 */
export class LuaEngine {
  private readonly ex: Exports;
  /** The engine's whole memory. It never grows (see emscripten_resize_heap), so one view serves. */
  private readonly heap: Buffer;
  private readonly retPtr: number;
  /** Where run() writes the chunk and its KEYS/ARGV: one buffer in the engine's memory, kept. */
  private scratchPtr = 0;
  private scratchSize = 0;
  /** The engine's last reply, handed out as a view (see call): freed when the engine runs again. */
  private lastReply = 0;
  private readonly props = redisProps();
  private fuel = MAX_FUEL;

  constructor(private readonly host: EngineHost) {
    let ex: Exports;
    const heap = () => this.heap;
    const returnBytes = (ret: number, b: Buffer) => {
      const p = ex.alloc(b.length || 1);
      const heap = this.heap;
      if (p === 0) {
        // Out of engine memory: (0, 0) makes the engine raise a Lua error, which the script can catch.
        heap.writeUInt32LE(0, ret);
        heap.writeUInt32LE(0, ret + 4);
        return;
      }
      heap.set(b, p);
      heap.writeUInt32LE(p, ret);
      heap.writeUInt32LE(b.length, ret + 4);
    };
    const hostCall = (protected_: boolean) => (ret: number, ptr: number, _len: number) => {
      if (this.fuelAt === -1) {
        this.findFuel();
        return returnBytes(ret, NULL_REPLY);
      }
      const args = decodeArgs(heap(), ptr);
      let reply: Buffer;
      try {
        reply = this.host.call(args, protected_);
      } catch (err) {
        reply = errorReply(`ERR ${err instanceof Error ? err.message : String(err)}`);
      }
      returnBytes(ret, reply);
    };
    const env: Record<string, (...args: never[]) => unknown> = {
      host_redis_props: (ret: number) => returnBytes(ret, this.props),
      host_redis_log: (level: number, ptr: number, len: number) =>
        this.host.log(level, heap().latin1Slice(ptr, ptr + len)),
      host_sha1hex: (ret: number, ptr: number, len: number) =>
        returnBytes(ret, Buffer.from(sha1hex(Buffer.from(heap().subarray(ptr, ptr + len))), 'latin1')),
      host_redis_setresp: (version: number) => this.host.setResp(version),
      host_redis_call: hostCall(false),
      host_redis_pcall: hostCall(true),
      exit: (code: number) => {
        throw new Error(`lua engine exited (${code})`);
      },
      invoke_vii: (index: number, a: number, b: number) => {
        const sp = ex.emscripten_stack_get_current();
        try {
          (ex.__indirect_function_table.get(index) as (a: number, b: number) => void)(a, b);
        } catch (e) {
          ex._emscripten_stack_restore(sp);
          if (!(e instanceof LongJump)) throw e;
          ex.setThrew(1, 0);
        }
      },
      _emscripten_throw_longjmp: () => {
        throw new LongJump();
      },
      __assert_fail: () => {
        throw new Error('lua engine assertion failed');
      },
      _abort_js: () => {
        throw new Error('lua engine aborted');
      },
      // Its memory is fixed (64 MB): a script that needs more gets Lua's "not enough memory".
      emscripten_resize_heap: () => 0,
      clock_time_get: (_id: number, _precision: bigint, ptr: number) => {
        new DataView(this.heap.buffer).setBigInt64(ptr, BigInt(Math.round(performance.now() * 1e6)), true);
        return 0;
      },
      // No files: the sandbox has no io, and stdout/stderr writes are dropped.
      __syscall_openat: () => -52,
      __syscall_fcntl64: () => -52,
      __syscall_ioctl: () => -52,
      __syscall_dup3: () => -52,
      fd_read: () => 8,
      fd_close: () => 0,
      fd_seek: () => 70,
      fd_write: (_fd: number, iov: number, count: number, written: number) => {
        const v = new DataView(this.heap.buffer);
        let n = 0;
        for (let i = 0; i < count; i++) n += v.getUint32(iov + 8 * i + 4, true);
        v.setUint32(written, n, true);
        return 0;
      },
    };
    const instance = new WASM.Instance(compiledModule(), { env, wasi_snapshot_preview1: env });
    ex = instance.exports as unknown as Exports;
    this.ex = ex;
    this.heap = Buffer.from(ex.memory.buffer);
    ex.__wasm_call_ctors();
    ex.set_limits(MAX_FUEL, 0, 0);
    ex.set_compat(0); // Redis 7.0: no print, no os, no "server" alias
    if (ex.init() !== 0) throw new Error('the Lua engine failed to initialise');
    // The build's C stack is 64 KB, unchecked, just above its static data: C recursion a script can
    // drive (cjson's 1000 levels, Lua patterns, the reply encoder) overflowed into that data and left
    // the engine hanging or corrupt. A larger stack in the heap makes Node's own stack limit come
    // first: a RangeError, after which the runner drops this engine for a new one.
    const stack = ex.alloc(C_STACK_BYTES);
    if (stack === 0) throw new Error('the Lua engine has no memory for its stack');
    // The top must be 16-byte aligned, as the build's own stack is: on a stack 8 bytes off, the C
    // library's number formatting (long doubles) lost digits ('1000000000' printed as '10').
    ex._emscripten_stack_restore((stack + C_STACK_BYTES) & ~15);
    this.retPtr = ex.alloc(8);
    this.installStore();
    this.locateFuel();
  }

  /**
   * Where the engine keeps the running script's remaining fuel (its C global g_fuel_remaining, an
   * int64 that the count hook lowers by 1000 every 1000 instructions and fails at 0): 0 if not found.
   * set_limits only takes effect at a script's start; writing there changes the budget mid-run.
   */
  private fuelAt = 0;
  private static readonly PROBE_FUEL = 0x7a5c3e11;

  /**
   * Find it: with a distinctive limit, a script burns a few thousand instructions and calls the host,
   * which looks in the static data for the one int64 just below that limit by whole hook steps.
   */
  private locateFuel(): void {
    this.fuelAt = -1;
    try {
      this.run("for i = 1, 3000 do end redis.call('x')", [], [], LuaEngine.PROBE_FUEL);
    } finally {
      if (this.fuelAt === -1) this.fuelAt = 0;
    }
  }

  private findFuel(): void {
    const v = new DataView(this.heap.buffer);
    const end = Math.min(this.heap.length, 1 << 21);
    let found = 0;
    for (let at = 8; at + 8 <= end; at += 8) {
      if (v.getUint32(at + 4, true) !== 0) continue;
      const spent = LuaEngine.PROBE_FUEL - v.getUint32(at, true);
      if (spent < 1000 || spent > 100_000 || spent % 1000 !== 0) continue;
      if (found !== 0) {
        found = 0; // two candidates: not sure which, so neither
        break;
      }
      found = at;
    }
    this.fuelAt = found;
  }

  /** Whether setFuelLeft works in this build of the engine. */
  get canSteerFuel(): boolean {
    return this.fuelAt > 0;
  }

  /** Give the script running now `n` more instructions (1: stop it at the next hook). */
  setFuelLeft(n: number): void {
    if (this.fuelAt > 0) new DataView(this.heap.buffer).setBigInt64(this.fuelAt, BigInt(n), true);
  }

  /**
   * The engine compiles the source it is given on every call and offers no way to keep a compiled
   * function, and its sandbox makes every table reachable from the globals read-only. Redis keeps each
   * script compiled (f_<sha>), and so does this: the read-only flag of a table is a field of its
   * struct in the engine's memory (Redis's patched Lua: `int readonly` at offset 8 of a Table, after
   * the GC header), and a table's address is what tostring() shows. With the flag of the globals'
   * metatable and of the `redis` table lowered for one setup chunk, that chunk hangs a private, writable
   * store off the metatable (no global name appears: reading an unknown global still fails as in
   * Redis) and puts Redis 7.0's own versions of some redis.* functions in place. Every layout
   * assumption is checked first; if one fails the store stays absent and scripts are compiled per call.
   */
  private installStore(): void {
    const addresses = this.text(
      this.run(
        'return tostring(getmetatable(_G)) .. " " .. tostring(redis) .. " " .. tostring(math) .. " " .. tostring(_G) .. " " .. tostring(coroutine) .. " " .. tostring(string)',
        [],
        [],
      ),
    );
    const tables = addressesIn(addresses);
    if (!tables.every((t) => this.isReadonlyTable(t, 1))) return;
    for (const t of tables) this.setReadonly(t, 0);
    let wire: Buffer;
    try {
      wire = this.run(SETUP_LUA, [], [NULL_MARK]);
    } finally {
      for (const t of tables) this.setReadonly(t, 1);
    }
    if (wire[0] !== TAG_BULK) return;
    // The functions' environment and globals are read-only like the scripts' globals, and so is the
    // load-time redis table (a library cannot change it, at load or later from a function that kept it).
    const made = addressesIn(this.text(wire));
    if (made.length !== 3 || !made.every((t) => this.isReadonlyTable(t, 0))) return;
    for (const t of made) this.setReadonly(t, 1);
    this.hasStore = true;
  }

  private text(wire: Buffer): string {
    return wire[0] === TAG_BULK ? wire.latin1Slice(5, 5 + wire.readUInt32LE(1)) : '';
  }

  /** Is there a Lua table at `addr` whose read-only flag is `flag`? (tt 5 = LUA_TTABLE) */
  private isReadonlyTable(addr: number, flag: number): boolean {
    if (!Number.isInteger(addr) || addr <= 0 || addr + 16 > this.heap.length) return false;
    const v = new DataView(this.heap.buffer);
    return this.heap[addr + 4] === 5 && v.getInt32(addr + 8, true) === flag;
  }

  private setReadonly(addr: number, flag: number): void {
    new DataView(this.heap.buffer).setInt32(addr + 8, flag, true);
  }

  /** Whether scripts are compiled once (the store is in place). */
  hasStore = false;

  /**
   * Compile `body` once and keep it as `key` (chunk name `chunk`, "@user_script" for EVAL); returns
   * null, or the compiler's message ("user_script:1: ..."). Without the store, only checks it compiles.
   */
  define(key: string, body: string, chunk = '@user_script'): string | null {
    const id = this.nextId;
    const wire = this.hasStore
      ? this.run(DEFINE_LUA, [], [body, chunk, `${this.secret}s${id}`])
      : this.run(`do return end ${body}`, [], []);
    if (wire[0] === TAG_ERROR) return wire.latin1Slice(5, 5 + wire.readUInt32LE(1));
    if (wire[0] === TAG_SCRIPT_ERROR) return wire.latin1Slice(9, 5 + wire.readUInt32LE(1));
    if (this.hasStore) {
      this.nextId++;
      this.defined.set(key, `${this.secret}s${id}`);
    }
    return null;
  }

  /**
   * The scripts defined so far (servers of one process share the engine; a SHA1 names one body), each
   * with its token in the store.
   */
  private readonly defined = new Map<string, string>();
  private nextId = 1;
  /** What begins the tokens of stored scripts and functions, which scripts cannot know (see SETUP_LUA). */
  private readonly secret = randomBytes(8).toString('hex');

  /**
   * Run script `body` under its SHA1 `key`, compiled on first use (each call compiles it when there
   * is no store). The reply is a view of the engine's memory, valid until the engine's next call.
   */
  call(key: string, body: string, keys: readonly string[], args: readonly string[], fuel = MAX_FUEL): Buffer {
    if (!this.hasStore) return this.run(body, keys, args, fuel);
    let token = this.defined.get(key);
    if (token === undefined) {
      if (this.define(key, body) !== null) return this.run(body, keys, args, fuel);
      token = this.defined.get(key)!;
    }
    return this.failure(this.exec(DISPATCH_LUA, keys, args, fuel, token));
  }

  /**
   * A script that died of error(): its text and line as the script's error() remembered them (see
   * error in SETUP_LUA), with Redis's code kept for what was not a string. Only a script error pays
   * for the second run, and only one whose text error() raised is changed.
   */
  private failure(wire: Buffer): Buffer {
    if (wire[0] !== TAG_SCRIPT_ERROR) return wire;
    const reported = wire.latin1Slice(9, 5 + wire.readUInt32LE(1));
    const copy = Buffer.from(wire);
    const known = this.run(FAILURE_LUA, [], []);
    // [array 3][bulk text][int line][bool-as-int or null]
    if (known[0] !== TAG_ARRAY || known[5] !== TAG_BULK) return copy;
    const textEnd = 10 + known.readUInt32LE(6);
    if (known.latin1Slice(10, textEnd) !== reported || known[textEnd] !== TAG_INT) return copy;
    const line = known.readUInt32LE(textEnd + 5);
    const message = known[textEnd + 13] === TAG_INT ? `__RLUA_E__:respite:${reported}` : reported;
    const out = Buffer.allocUnsafe(9 + message.length);
    out[0] = TAG_SCRIPT_ERROR;
    out.writeUInt32LE(4 + message.length, 1);
    out.writeUInt32LE(line, 5);
    out.latin1Write(message, 9, message.length);
    return out;
  }

  /** Forget the compiled scripts (SCRIPT FLUSH); they compile again on their next call. */
  forgetScripts(): void {
    if (!this.hasStore) return;
    this.defined.clear();
    this.run('getmetatable(_G).__respite.scripts = {}', [], []);
  }

  /**
   * Run a library's code (FUNCTION LOAD) in the load-time environment Redis 7.0 gives it: only
   * redis.register_function, redis.log, the LOG_ levels and the version. Returns the engine's reply:
   * an array of [name, description, flags] per registered function, or the error that stopped it.
   * The functions stay staged until commitStaged.
   */
  loadLibrary(code: string, fuel = MAX_FUEL): Buffer {
    if (!this.hasStore) return errorReply('ERR functions need the engine store');
    const compiled = this.run(COMPILE_LIBRARY_LUA, [], [code]);
    if (compiled[0] !== TAG_BULK) return compiled;
    // Library code runs with the functions' environment: setfenv is gone from the sandbox, so the
    // chunk's env pointer (offset 12 of an LClosure) is set directly; its callbacks inherit it. The
    // environment table stays referenced from the store, so the collector never misses it.
    const [fn, env] = addressesIn(this.text(compiled));
    if (!(this.heap[fn + 4] === 6 && this.heap[fn + 6] === 0 && this.isReadonlyTable(env, 1))) {
      return errorReply('ERR the Lua engine has an unexpected layout');
    }
    new DataView(this.heap.buffer).setUint32(fn + 12, env, true);
    try {
      return this.run(RUN_LIBRARY_LUA, [], [], fuel);
    } finally {
      // Also after a library that failed: register_function works only while a library loads.
      this.run('local S = getmetatable(_G).__respite S.M.__index = S.F S.pending = nil', [], []);
    }
  }

  /** Make the staged functions callable, as `prefix` + name, kept together as library `lib`. */
  commitStaged(lib: string, prefix: string): void {
    this.run(COMMIT_LIBRARY_LUA, [], [lib, `${this.secret}f${prefix}`]);
  }

  /** Forget a library's functions (FUNCTION DELETE, FLUSH, a replaced library). */
  dropLibrary(lib: string): void {
    if (this.hasStore) this.run(DROP_LIBRARY_LUA, [], [lib]);
  }

  /**
   * FCALL: run the registered function `name` with KEYS and ARGV as its two arguments. The reply is a
   * view of the engine's memory, valid until the engine's next call.
   */
  callFunction(name: string, keys: readonly string[], args: readonly string[], fuel = MAX_FUEL): Buffer {
    return this.failure(this.exec(DISPATCH_LUA, keys, args, fuel, `${this.secret}f${name}`));
  }

  /**
   * Run `body` with KEYS and ARGV (byte strings); returns the script's result in the ABI's reply
   * format (a Buffer the caller owns). A script that executes more than `fuel` Lua instructions is
   * stopped with the error "Script killed by fuel limit".
   */
  run(body: string, keys: readonly string[], args: readonly string[], fuel = MAX_FUEL): Buffer {
    return Buffer.from(this.exec(body, keys, args, fuel, null));
  }

  /**
   * run() without the copy: the reply is a view of the engine's memory, freed when the engine runs
   * again. The chunk and its arguments are written to one kept buffer in the engine's memory (the
   * engine only reads them), so a call allocates nothing there but the reply.
   */
  private exec(
    body: string,
    keys: readonly string[],
    args: readonly string[],
    fuel: number,
    extra: string | null,
  ): Buffer {
    const ex = this.ex;
    // Lua's own number format again, should an error have left redis.call's in place (see wasm-patch.ts).
    if (formatDigitAt !== 0) this.heap[formatDigitAt] = 0x34;
    if (this.lastReply !== 0) {
      ex.free_mem(this.lastReply);
      this.lastReply = 0;
    }
    if (fuel !== this.fuel) {
      ex.set_limits(fuel, 0, 0);
      this.fuel = fuel;
    }
    let argsLen = 4;
    for (let i = 0; i < keys.length; i++) argsLen += 4 + keys[i].length;
    for (let i = 0; i < args.length; i++) argsLen += 4 + args[i].length;
    if (extra !== null) argsLen += 4 + extra.length;
    const heap = this.heap;
    const scriptPtr = this.scratch(body.length + argsLen);
    writeBytes(heap, body, scriptPtr);
    const argsPtr = scriptPtr + body.length;
    heap.writeUInt32LE(keys.length + args.length + (extra === null ? 0 : 1), argsPtr);
    let at = argsPtr + 4;
    for (let i = 0; i < keys.length; i++) {
      const s = keys[i];
      heap.writeUInt32LE(s.length, at);
      at = writeBytes(heap, s, at + 4);
    }
    for (let i = 0; i < args.length; i++) {
      const s = args[i];
      heap.writeUInt32LE(s.length, at);
      at = writeBytes(heap, s, at + 4);
    }
    // The token of the script or function to call travels as a last ARGV entry, which the
    // dispatcher removes before the script sees ARGV.
    if (extra !== null) {
      heap.writeUInt32LE(extra.length, at);
      writeBytes(heap, extra, at + 4);
    }
    ex.eval_with_args(this.retPtr, scriptPtr, body.length, argsPtr, argsLen, keys.length);
    const ptr = heap.readUInt32LE(this.retPtr);
    const len = heap.readUInt32LE(this.retPtr + 4);
    if (ptr === 0) return NULL_REPLY;
    this.lastReply = ptr;
    if (len === 0) return NULL_REPLY;
    return heap.subarray(ptr, ptr + len);
  }

  /** The kept buffer, at least `n` bytes. */
  private scratch(n: number): number {
    if (n > this.scratchSize) {
      if (this.scratchPtr !== 0) this.ex.free_mem(this.scratchPtr);
      this.scratchSize = Math.max(n, 2 * this.scratchSize, 4096);
      this.scratchPtr = this.ex.alloc(this.scratchSize);
      if (this.scratchPtr === 0) {
        this.scratchSize = 0;
        throw new Error('the Lua engine is out of memory');
      }
    }
    return this.scratchPtr;
  }
}

/** The addresses in what tostring() says of tables and functions ("table: 0x1d078"). */
function addressesIn(text: string): number[] {
  return (text.match(/0x[0-9a-f]+/g) ?? []).map((a) => Number.parseInt(a, 16));
}

const NULL_REPLY = Buffer.from([TAG_NULL, 0, 0, 0, 0]);

/**
 * What a RESP2 script's false becomes where the engine encodes under RESP3 (see resp2 in SETUP_LUA).
 * The same in every thread (a script's engine may live in a worker, its reply is written here); a
 * script that returned it as a big number would break the protocol in Redis, and gets a null here.
 */
export const NULL_MARK = '\r\n\0respite:null\0\r\n';

/**
 * Write byte string `s` at `at`; returns where it ends. Short strings (most keys and arguments) are
 * copied by hand: cheaper than a call into Buffer's native code.
 */
function writeBytes(heap: Buffer, s: string, at: number): number {
  const n = s.length;
  if (n > 32) return at + heap.latin1Write(s, at, n);
  for (let i = 0; i < n; i++) heap[at + i] = s.charCodeAt(i);
  return at + n;
}

function decodeArgs(heap: Buffer, ptr: number): string[] {
  const count = heap.readUInt32LE(ptr);
  const out: string[] = new Array(count);
  let at = ptr + 4;
  for (let i = 0; i < count; i++) {
    const n = heap.readUInt32LE(at);
    out[i] = heap.latin1Slice(at + 4, at + 4 + n);
    at += 4 + n;
  }
  return out;
}

/** An error reply in the ABI format ("CODE message"). */
export function errorReply(message: string): Buffer {
  const b = Buffer.allocUnsafe(5 + message.length);
  b[0] = TAG_ERROR;
  b.writeUInt32LE(message.length, 1);
  b.latin1Write(message, 5, message.length);
  return b;
}

/** SHA1 of a byte string, 40 lower-case hex digits (script names, redis.sha1hex). */
export function sha1hex(data: string | Buffer): string {
  return hashSha1(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
}

function hashSha1(b: Buffer): string {
  return createHash('sha1').update(b).digest('hex');
}

/**
 * Run once, with the globals' metatable and the `redis` table writable (see installStore). It builds
 * the store: compiled scripts by SHA1, registered functions by name, libraries, the functions'
 * environment and the load-time API; returns the environment's address (to make it read-only).
 */
const SETUP_LUA = `
local mt = getmetatable(_G)
local redis, type, error, setmetatable, pairs, tostring, select = redis, type, error, setmetatable, pairs, tostring, select
local setresp = redis.setresp
local S = { scripts = {}, functions = {}, libraries = {} }
mt.__respite = S

-- A script's result as Redis's luaReplyToRedisReply reads it, made of plain tables: the engine's
-- encoder reads fields with metamethods, outside any protected call (an __index that raises aborted
-- the engine), and recurses in C without a limit. Redis reads fields and elements raw, only strings
-- as err/ok, and answers "reached lua stack limit" for what lies too deep (Redis: level 7996; the
-- engine's encoder gives up near 500 levels, so here from level 401).
local rawget, next = rawget, next
-- Lua 5.1 does not collect before it reports "not enough memory", and the engine's memory is fixed
-- (64 MB): a script that filled it with garbage is followed by a full collection, so that the next
-- one finds room (the engine's own allocations outside Lua would otherwise fail and abort it).
local gcount = collectgarbage
-- Redis reads the type markers ({double=...}, {map=...}, ...) whatever the script's redis.setresp, and
-- the caller's protocol decides their form; the engine reads them only after setresp(3). So the script's
-- version is kept here (redis.setresp below), and a RESP2 script's result that holds a marker is
-- encoded by the engine under RESP3 with its booleans as RESP2 has them: true 1, false a null (a
-- big_number of NULLMARK, which the host writes as a null).
local NULLMARK = ARGV[1]
local resp, marked = 2, false
local function resp2(v)
  local t = type(v)
  if t == 'boolean' then return v and 1 or { big_number = NULLMARK } end
  if t ~= 'table' then return v end
  local f = rawget(v, 'map')
  if type(f) == 'table' then
    local m = {}
    for k, x in next, f do m[resp2(k)] = resp2(x) end
    v.map = m
  elseif type(rawget(v, 'set')) == 'table' then
    local m = {}
    for k in next, v.set do m[resp2(k)] = true end
    v.set = m
  else
    for i = 1, #v do v[i] = resp2(v[i]) end
  end
  return v
end
local function plain(v, d)
  if d > 400 then return { err = 'ERR reached lua stack limit' } end
  local f = rawget(v, 'err')
  if type(f) == 'string' then return { err = f } end
  f = rawget(v, 'ok')
  if type(f) == 'string' then return { ok = f } end
  f = rawget(v, 'double')
  if type(f) == 'number' then marked = true return { double = f } end
  f = rawget(v, 'big_number')
  if type(f) == 'string' then marked = true return { big_number = f } end
  f = rawget(v, 'verbatim_string')
  if type(f) == 'table' then
    local format, s = rawget(f, 'format'), rawget(f, 'string')
    if type(format) == 'string' and type(s) == 'string' then
      marked = true
      return { verbatim_string = { format = format, string = s } }
    end
  end
  d = d + 1
  f = rawget(v, 'map')
  if type(f) == 'table' then
    local m = {}
    for k, x in next, f do
      if type(k) == 'table' then k = plain(k, d) end
      if type(x) == 'table' then x = plain(x, d) end
      m[k] = x
    end
    marked = true
    return { map = m }
  end
  f = rawget(v, 'set')
  if type(f) == 'table' then
    local m = {}
    for k in next, f do
      if type(k) == 'table' then k = plain(k, d) end
      m[k] = true
    end
    marked = true
    return { set = m }
  end
  local a, i, x = {}, 1, rawget(v, 1)
  while x ~= nil do
    if type(x) == 'table' then x = plain(x, d) end
    a[i] = x
    i = i + 1
    x = rawget(v, i)
  end
  return a
end

-- Redis's error handler turns what a script raises into its reply: an error table gives its err
-- field as the whole message, anything else not a string "ERR " .. tostring(it). The engine reports
-- only strings ("script execution failed" otherwise), so error() raises a string and remembers it
-- with the script's line, which the engine's host reads back when the script dies with that text
-- (failure() below; the engine itself would report this function's line). error() stays a Lua call
-- without a protected call of its own: a script's nested pcalls reach Lua's C-call limit where
-- Redis's do. The line comes from the position error() gives a level (the debug library is gone).
local rawerror, pcall, tonumber = error, pcall, tonumber
local failText, failLine, failTable = nil, 0, false
_G.error = function(...)
  local e, level = ...
  local t = type(e)
  local text
  if t == 'table' then
    local m = rawget(e, 'err')
    local mt = type(m)
    text = (mt == 'string' or mt == 'number') and m .. '' or 'ERR script execution failed'
  elseif t == 'string' or t == 'number' then
    level = level == nil and 1 or tonumber(level)
    if level == nil then return rawerror(...) end
    text = e .. ''
    -- Levels seen from here: 0 error, 1 pcall, 2 this function, 3 its caller.
    if level > 0 then
      local _, m = pcall(rawerror, text, level + 2)
      text = m
    end
  else
    text = 'ERR ' .. tostring(e)
  end
  local _, at = pcall(rawerror, '', 3)
  failText, failLine, failTable = text, tonumber(at:match(':(%d+): $')) or 0, t ~= 'string' and t ~= 'number'
  return rawerror(text, 0)
end
S.failure = function() return { failText or '', failLine, failTable } end

-- A Redis error raised by respite's own Lua on behalf of the script that called it (two levels up).
local function raise(text)
  local _, at = pcall(rawerror, '', 4)
  failText, failLine, failTable = text, tonumber(at:match(':(%d+): $')) or 0, true
  return rawerror(text, 0)
end
-- Under RESP3 a null reaches the script as nil (Redis's RESP3 null); the engine makes every null false,
-- so respToWire sends a RESP3 null as a big_number of NULLMARK and redis.call and redis.pcall turn
-- that into nil, within arrays and maps too. RESP2 scripts keep the engine's own functions: they are
-- reached through the redis table's metatable (hidden, like Redis's), whose entries setresp switches,
-- so their calls cost one more lookup and their errors keep the script's line.
local call, pcall_ = redis.call, redis.pcall
local function nils(v)
  if type(v) ~= 'table' then return v end
  if rawget(v, 'big_number') == NULLMARK then return nil end
  local m = rawget(v, 'map')
  if type(m) == 'table' then
    for k, x in next, m do m[k] = nils(x) end
    return v
  end
  for i = 1, #v do v[i] = nils(v[i]) end
  return v
end
local function call3(...)
  local ok, r = pcall(call, ...)
  if ok then return nils(r) end
  local _, at = pcall(rawerror, '', 3)
  failText, failLine, failTable = r, tonumber(at:match(':(%d+): $')) or 0, false
  return rawerror(r, 0)
end
-- redis.pcall returns an error table where redis.call raises, and that includes arguments that are not
-- strings or numbers, which the engine's redis.pcall raises like redis.call: checked here first.
local ARG_TYPE = 'ERR Lua redis lib command arguments must be strings or integers'
local function badArgs(...)
  local n = select('#', ...)
  if n > 8 then
    local a = { ... }
    for i = 1, n do
      local t = type(a[i])
      if t ~= 'string' and t ~= 'number' then return true end
    end
    return false
  end
  for i = 1, n do
    local t = type((select(i, ...)))
    if t ~= 'string' and t ~= 'number' then return true end
  end
  return false
end
local rawRedisPcall = pcall_
pcall_ = function(...)
  if badArgs(...) then return { err = ARG_TYPE } end
  return rawRedisPcall(...)
end
local function pcall3(...) return nils(pcall_(...)) end
local R = { call = call, pcall = pcall_ }
redis.call, redis.pcall = nil, nil
setmetatable(redis, { __index = R, __metatable = false })
S.resp2 = function() R.call, R.pcall = call, pcall_ end

local floor = math.floor
redis.setresp = function(...)
  if select('#', ...) ~= 1 then return raise('ERR redis.setresp() requires one argument.') end
  local v = tonumber((...)) or 0
  v = v < 0 and -floor(-v) or floor(v)
  if v ~= 2 and v ~= 3 then return raise('ERR RESP version must be 2 or 3.') end
  resp = v
  setresp(v)
  if v == 3 then R.call, R.pcall = call3, pcall3 else R.call, R.pcall = call, pcall_ end
end

-- The engine compiles the chunk it is given on every call, and compiling costs in proportion to the
-- chunk's names, calls and numbers: what runs a stored script or function is "return _G()", the
-- shortest chunk that reaches it without a new global name, with the stored one's token as a last
-- ARGV entry (taken off before it runs). Tokens begin with a secret, so _G() in a script finds none
-- and fails as calling a table does in Redis.
local function result(r)
  r = plain(r, 1)
  if marked and resp == 2 then
    r = resp2(r)
    setresp(3)
  end
  return r
end

mt.__call = function()
  local KEYS, ARGV = KEYS, ARGV
  local n = #ARGV
  local token = ARGV[n]
  local f = S.scripts[token]
  if resp == 3 then S.resp2() end
  failText, resp, marked = nil, 2, false
  if f then
    ARGV[n] = nil
    local r = f()
    if gcount('count') > 16384 then gcount() end
    if type(r) == 'table' then return result(r) end
    return r
  end
  f = S.functions[token]
  if f then
    ARGV[n] = nil
    local r = f(KEYS, ARGV)
    if gcount('count') > 16384 then gcount() end
    if type(r) == 'table' then return result(r) end
    return r
  end
  error("attempt to call global '_G' (a table value)", 2)
end

-- Redis 7.0's redis.error_reply and redis.status_reply (the engine's differ): one string argument, or
-- an error table that says so; error_reply reads the message as C does (up to a NUL), takes a leading
-- '-' off, and splits it at its first space into code and message (no space: code ERR), the message
-- without CR and LF at its ends (luaPushErrorBuff).
local WRONG_ARGS = 'ERR wrong number or type of arguments'
redis.error_reply = function(...)
  local m = ...
  if select('#', ...) ~= 1 or type(m) ~= 'string' then return { err = WRONG_ARGS } end
  m = m:match('^[^%z]*')
  if m:sub(1, 1) == '-' then m = m:sub(2) end
  local code, text = m:match('^([^ ]*) (.*)$')
  if code == nil then code, text = 'ERR', m end
  text = text:match('^[\\r\\n]*(.-)[\\r\\n]*$')
  return { err = code .. ' ' .. text }
end
redis.status_reply = function(...)
  local m = ...
  if select('#', ...) ~= 1 or type(m) ~= 'string' then return { err = WRONG_ARGS } end
  return { ok = m }
end

-- Functions run in E, an empty read-only table that reads through to F, the functions' globals, except
-- while a library loads: then it reads through to the load-time API (and unknown names fail as globals
-- do). F is filled at the end of this chunk.
local F = {}
local M = { __index = F }
local E = setmetatable({}, M)
S.M, S.E, S.F = M, E, F

-- Errors of redis.register_function carry no position, as Redis's error tables.
local function fail(m) return error('__RLUA_E__:respite:ERR ' .. m, 0) end

-- Redis 7.0's math.random: its own lrand48 (x = a*x + c mod 2^48, from drand48's initial state), one
-- sequence for the process that every script continues, math.randomseed(s) restarting it. The 48-bit
-- product is taken in 24-bit halves, exact in doubles.
local floor, huge = math.floor, 2^24
local xhi, xlo = 0x1234AB, 0xCD330E
local function lrand48()
  local lo = xlo * 0xECE66D + 0xB
  local hi = (xhi * 0xECE66D + xlo * 0x5DE + floor(lo / huge)) % huge
  xlo, xhi = lo % huge, hi
  return floor((hi * huge + xlo) / 131072)
end
-- Errors are raised by tail calls, so that the script's line is where they are reported.
local function badarg(n, fname, what)
  return error('bad argument #' .. n .. " to '" .. fname .. "' (" .. what .. ')', 1)
end
math.random = function(...)
  local r = (lrand48() % 2147483647) / 2147483647
  local n = select('#', ...)
  if n == 0 then return r end
  local l, u = ...
  if n > 2 then return error('wrong number of arguments', 1) end
  l = tonumber(l)
  if l == nil then return badarg(1, 'random', 'number expected') end
  if n == 1 then
    u = floor(l)
    if u < 1 then return badarg(1, 'random', 'interval is empty') end
    return floor(r * u) + 1
  end
  u = tonumber(u)
  if u == nil then return badarg(2, 'random', 'number expected') end
  l, u = floor(l), floor(u)
  if l > u then return badarg(2, 'random', 'interval is empty') end
  return floor(r * (u - l + 1)) + l
end
math.randomseed = function(seed)
  seed = tonumber(seed)
  if seed == nil then return badarg(1, 'randomseed', 'number expected') end
  seed = floor(seed) % 4294967296
  xhi = floor(seed / 256)
  xlo = (seed % 256) * 65536 + 0x330E
end

-- A script the host stops (its slice of the main thread over, its instruction budget spent) must
-- stop: the engine raises "Script killed by fuel limit" from its instruction hook, every 1000
-- instructions, and Lua's pcall, xpcall and coroutine.resume would catch it, so that
-- 'while true do pcall(f) end' would never end and the server would hang. (Redis re-arms its hook on
-- every line after a kill, so the script dies at its next line.) These three pass that error on, and
-- otherwise answer as Redis's do.
local KILL = 'Script killed by fuel limit'
local rawpcall, rawxpcall, resume = pcall, xpcall, coroutine.resume
local function stopped(e)
  return type(e) == 'string' and e:sub(-#KILL) == KILL
end
-- The engine raises some errors as codes that its host words (runner.ts, luaErrorMessage); a script
-- that catches one sees Redis's words.
local function worded(e)
  if type(e) ~= 'string' then return e end
  local at = e:find('__RLUA_E__:', 1, true)
  if at == nil then return e end
  local kind, rest = e:match('^([%w-]+):?(.*)$', at + 11)
  if kind == 'global-read' then
    return e:sub(1, at - 1) .. "Script attempted to access nonexistent global variable '" .. rest .. "'"
  end
  if kind == 'respite' then return rest end
  if kind == 'command-arg-type' then return ARG_TYPE end
  return e
end
local function passStop(ok, ...)
  if ok then return ok, ... end
  if stopped((...)) then return rawerror((...), 0) end
  return false, worded((...)), select(2, ...)
end
-- Lua's argument error, positioned at the script's line (the caller of the function that calls this).
local function argError(n, fname, what)
  local _, at = rawpcall(rawerror, '', 4)
  local text = at .. 'bad argument #' .. n .. " to '" .. fname .. "' (" .. what .. ')'
  failText, failLine, failTable = text, tonumber(at:match(':(%d+): $')) or 0, false
  return rawerror(text, 0)
end
-- Redis 7.0's pcall (luaRedisPcall) calls a placeholder when given nothing to call.
_G.pcall = function(...)
  if select('#', ...) == 0 then return false, 'attempt to call a boolean value' end
  return passStop(rawpcall(...))
end
_G.xpcall = function(...)
  if select('#', ...) < 2 then return argError(2, 'xpcall', 'value expected') end
  local f, handler = ...
  local hit = false
  -- The stop is raised inside the engine's hook, where Lua runs the handler with hooks off: a handler
  -- that loops would never be stopped, so it does not see the stop.
  local function onError(e)
    if stopped(e) then
      hit = true
      return e
    end
    return handler(worded(e))
  end
  local function finish(ok, ...)
    if not ok and hit then return rawerror(KILL, 0) end
    return ok, ...
  end
  return finish(rawxpcall(f, onError))
end
coroutine.resume = function(...)
  if type((...)) ~= 'thread' then return argError(1, 'resume', 'coroutine expected') end
  return passStop(resume(...))
end

-- string.format's integer conversions (%d %i %o %u %x %X) take a C long: 64 bits in Redis, 32 in the
-- engine, which saturates (string.format('%d', 2^31) gave 2147483647, where scripts use '%d' to print
-- big numbers without an exponent). A conversion whose number 32 bits do not hold is written here as
-- x86-64 Redis writes it; the rest of the call is Lua's own format, called protected so that an error
-- names 'format' and the script's line as a direct call would.
local rawformat, sfind, ssub, srep = string.format, string.find, string.sub, string.rep
local TWO32, TWO63 = 2^32, 2^63
local INT_CONV = '%%[-+ #0]*%d*%.?%d*[diouxX]'
-- The digits of the unsigned 64-bit number hi * 2^32 + lo in base b (long division in exact doubles).
local function digits64(hi, lo, b)
  local out = ''
  repeat
    local rh = hi % b
    hi = (hi - rh) / b
    local t = rh * TWO32 + lo
    local r = t % b
    lo = (t - r) / b
    out = ssub('0123456789abcdef', r + 1, r + 1) .. out
  until hi == 0 and lo == 0
  return out
end
-- (long) x and (unsigned long) x as x86-64 computes them: a whole number, or the 64-bit pattern.
local function asLong(x)
  if x ~= x or x >= TWO63 or x < -TWO63 then return -TWO63 end
  return x < 0 and -floor(-x) or floor(x)
end
local function unsignedParts(x)
  local v
  if x ~= x or x < -TWO63 then v = -TWO63
  elseif x >= TWO63 then v = x < 2 * TWO63 and floor(x) or 0
  else v = x < 0 and -floor(-x) or floor(x) end
  if v >= 0 then
    local hi = floor(v / TWO32)
    return hi, v - hi * TWO32
  end
  local m = -v
  local hi = floor(m / TWO32)
  local lo = m - hi * TWO32
  if lo == 0 then return (TWO32 - hi) % TWO32, 0 end
  return TWO32 - 1 - hi, TWO32 - lo
end
-- One conversion of a number 32 bits do not hold, as printf writes it.
local function bigConversion(flags, width, precision, conv, x)
  local sign, body = '', nil
  if conv == 'd' or conv == 'i' then
    local v = asLong(x)
    body = rawformat('%.0f', v < 0 and -v or v)
    if v < 0 then sign = '-' elseif sfind(flags, '+', 1, true) then sign = '+' elseif sfind(flags, ' ', 1, true) then sign = ' ' end
  else
    local hi, lo = unsignedParts(x)
    body = digits64(hi, lo, conv == 'o' and 8 or conv == 'u' and 10 or 16)
    if conv == 'X' then body = body:upper() end
    if sfind(flags, '#', 1, true) then
      if conv == 'o' and ssub(body, 1, 1) ~= '0' then body = '0' .. body
      elseif conv == 'x' then sign = '0x' elseif conv == 'X' then sign = '0X' end
    end
  end
  if precision ~= nil and #body < precision then body = srep('0', precision - #body) .. body end
  local pad = (tonumber(width) or 0) - #sign - #body
  if pad <= 0 then return sign .. body end
  if sfind(flags, '-', 1, true) then return sign .. body .. srep(' ', pad) end
  if precision == nil and sfind(flags, '0', 1, true) then return sign .. srep('0', pad) .. body end
  return srep(' ', pad) .. sign .. body
end
-- The format with each such conversion made '%s' of its text, and the arguments to go with it.
local function rewrite(fmt, ...)
  local args, n = { ... }, select('#', ...)
  local out, i, argn, from = {}, 1, 0, 1
  while true do
    local at = sfind(fmt, '%', i, true)
    if at == nil then break end
    if ssub(fmt, at + 1, at + 1) == '%' then
      i = at + 2
    else
      argn = argn + 1
      local s, e, flags, width, dot, prec, conv = sfind(fmt, '^%%([-+ #0]*)(%d*)(%.?)(%d*)(.)', at)
      if s == nil then break end
      i = e + 1
      local x = tonumber(args[argn])
      if argn <= n and x ~= nil and (conv == 'd' or conv == 'i' or conv == 'o' or conv == 'u' or conv == 'x' or conv == 'X')
        and #flags < 6 and #width <= 2 and #prec <= 2 then
        local small
        if conv == 'd' or conv == 'i' then small = x >= -2147483648 and x < 2147483648
        else small = x >= 0 and x < TWO32 end
        if not small then
          out[#out + 1] = ssub(fmt, from, at - 1) .. '%s'
          from = e + 1
          args[argn] = bigConversion(flags, width, dot == '.' and (tonumber(prec) or 0) or nil, conv, x)
        end
      end
    end
  end
  out[#out + 1] = ssub(fmt, from)
  return table.concat(out), unpack(args, 1, n)
end
local function formatted(ok, ...)
  if ok then return ... end
  local e = ...
  local _, at = rawpcall(rawerror, '', 4)
  local text = at .. (type(e) == 'string' and e:gsub("^(bad argument #%d+ to )'%?'", "%1'format'") or tostring(e))
  failText, failLine, failTable = text, tonumber(at:match(':(%d+): $')) or 0, false
  return rawerror(text, 0)
end
string.format = function(...)
  local fmt = ...
  if type(fmt) == 'string' and select('#', ...) > 1 and sfind(fmt, INT_CONV) then
    return formatted(rawpcall(rawformat, rewrite(...)))
  end
  return formatted(rawpcall(rawformat, ...))
end

-- Redis 7.0's checks of redis.sha1hex and redis.log, and their words (the engine's differ).
local sha1hex, log, tonumber = redis.sha1hex, redis.log, tonumber
redis.sha1hex = function(...)
  if select('#', ...) ~= 1 then return fail('wrong number of arguments') end
  return sha1hex(...)
end
redis.log = function(...)
  if select('#', ...) < 2 then return fail('redis.log() requires two arguments or more.') end
  local level = ...
  if tonumber(level) == nil then return fail('First argument must be a number (log level).') end
  level = tonumber(level)
  if level < 0 or level > 3 then return fail('Invalid debug level.') end
  return log(...)
end
local FLAGS = { ['no-writes'] = true, ['allow-oom'] = true, ['allow-stale'] = true, ['no-cluster'] = true,
  ['allow-cross-slot-keys'] = true }
local function isstring(v) return type(v) == 'string' or type(v) == 'number' end
local function register(...)
  -- A library that kept its load-time redis table calls this from a function, later.
  if S.pending == nil then return raise('ERR redis.register_function can only be called on FUNCTION LOAD command') end
  local n = select('#', ...)
  local a, b = ...
  local name, callback, flags, desc
  if n == 1 then
    if type(a) ~= 'table' then
      fail('calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).')
    end
    for k, v in pairs(a) do
      if not isstring(k) then fail('named argument key given to redis.register_function is not a string') end
      if k == 'function_name' then
        if not isstring(v) then fail('function_name argument given to redis.register_function must be a string') end
        name = tostring(v)
      elseif k == 'description' then
        if not isstring(v) then fail('description argument given to redis.register_function must be a string') end
        desc = tostring(v)
      elseif k == 'callback' then
        if type(v) ~= 'function' then fail('callback argument given to redis.register_function must be a function') end
        callback = v
      elseif k == 'flags' then
        if type(v) ~= 'table' then fail('flags argument to redis.register_function must be a table representing function flags') end
        flags = {}
        local i = 1
        while v[i] ~= nil do
          local f = v[i]
          if not isstring(f) or not FLAGS[tostring(f)] then fail('unknown flag given') end
          flags[#flags + 1] = tostring(f)
          i = i + 1
        end
      else
        fail('unknown argument given to redis.register_function')
      end
    end
    if name == nil then fail('redis.register_function must get a function name argument') end
    if callback == nil then fail('redis.register_function must get a callback argument') end
  elseif n == 2 then
    if not isstring(a) then fail('first argument to redis.register_function must be a string') end
    if type(b) ~= 'function' then fail('second argument to redis.register_function must be a function') end
    name, callback = tostring(a), b
  else
    fail('wrong number of arguments to redis.register_function')
  end
  if not name:match('^[%w_]+$') then
    fail('Library names can only contain letters, numbers, or underscores(_) and must be at least one character long')
  end
  local pending = S.pending
  for i = 1, #pending do
    if pending[i].name == name then fail('Function already exists in the library') end
  end
  pending[#pending + 1] = { name = name, fn = callback, desc = desc or false,
    flags = flags and table.concat(flags, ',') or '' }
end

local loadRedis = setmetatable({ register_function = register, log = redis.log,
  LOG_DEBUG = redis.LOG_DEBUG, LOG_VERBOSE = redis.LOG_VERBOSE, LOG_NOTICE = redis.LOG_NOTICE,
  LOG_WARNING = redis.LOG_WARNING, REDIS_VERSION = redis.REDIS_VERSION,
  REDIS_VERSION_NUM = redis.REDIS_VERSION_NUM }, mt)
S.loadEnv = setmetatable({ redis = loadRedis }, mt)
-- F: the globals as they are now (every one set above), without KEYS and ARGV, which Redis does not
-- give functions (the engine sets them on every call), behind the same protection against unknown
-- names, its _G itself, and read-only (see installStore).
for k, v in next, _G do
  if k ~= 'KEYS' and k ~= 'ARGV' then F[k] = v end
end
F._G = F
setmetatable(F, mt)
return tostring(E) .. ' ' .. tostring(loadRedis) .. ' ' .. tostring(F)
`;

/** Compile a script once and keep it: ARGV = body, chunk name, its token. */
const DEFINE_LUA =
  'local f, e = loadstring(ARGV[1], ARGV[2]) if not f then return {err = e} end getmetatable(_G).__respite.scripts[ARGV[3]] = f';

/** What error() remembers of the error it raised last: text, line, whether it was not a string. */
const FAILURE_LUA = 'return getmetatable(_G).__respite.failure()';

/** What runs a stored script or function (see __call in SETUP_LUA). */
const DISPATCH_LUA = 'return _G()';

/** Compile a library's code (ARGV = code, library): the chunk's and the environment's addresses. */
const COMPILE_LIBRARY_LUA = `local S = getmetatable(_G).__respite
local f, e = loadstring(ARGV[1], '@user_function')
if not f then return {err = e} end
S.loading = f
return tostring(f):sub(11) .. ' ' .. tostring(S.E):sub(8)`;

/** Run the compiled library with the load-time API; the registered functions, staged. */
const RUN_LIBRARY_LUA = `local S = getmetatable(_G).__respite
local f = S.loading
S.loading, S.pending, S.staged = nil, {}, nil
S.M.__index = S.loadEnv
f()
S.M.__index = S.F
local out = {}
for i, p in ipairs(S.pending) do out[#out + 1] = p.name out[#out + 1] = p.desc out[#out + 1] = p.flags end
S.staged, S.pending = S.pending, nil
return out`;

/** Make the staged functions callable: ARGV = library key, prefix of the functions' keys. */
const COMMIT_LIBRARY_LUA = `local S = getmetatable(_G).__respite
local lib = {}
for _, p in ipairs(S.staged) do lib[#lib + 1] = ARGV[2] .. p.name S.functions[ARGV[2] .. p.name] = p.fn end
S.libraries[ARGV[1]] = lib
S.staged = nil`;

const DROP_LIBRARY_LUA = `local S = getmetatable(_G).__respite
local old = S.libraries[ARGV[1]]
if old then for _, n in ipairs(old) do S.functions[n] = nil end end
S.libraries[ARGV[1]] = nil`;
