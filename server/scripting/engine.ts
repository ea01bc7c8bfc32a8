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

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { REDIS_VERSION } from '../version.js';

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

/** The largest instruction budget the engine takes (a u32): tens of seconds of plain Lua. */
export const MAX_FUEL = 2 ** 32 - 1;

let wasmModule: object | null = null;

/** The compiled .wasm, shared by every engine of the process (compiling is the costly part). */
function compiledModule(): object {
  if (wasmModule === null) {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('lua-redis-wasm');
    const path = entry.replace(/[^/\\]*$/, 'redis_lua.wasm');
    wasmModule = new WASM.Module(readFileSync(path));
  }
  return wasmModule;
}

/**
 * One Lua VM. Not reentrant: a script runs to its end (or to its fuel limit) inside run(), calling
 * back into the host for redis.call.
 */
export class LuaEngine {
  private readonly ex: Exports;
  private heap: Uint8Array;
  private readonly retPtr: number;
  private readonly props = redisProps();
  private fuel = MAX_FUEL;

  constructor(private readonly host: EngineHost) {
    let ex: Exports;
    const heap = () => this.heap;
    const returnBytes = (ret: number, b: Buffer) => {
      const p = ex.alloc(b.length || 1);
      this.heap.set(b, p);
      const v = new DataView(this.heap.buffer, ret, 8);
      v.setUint32(0, p, true);
      v.setUint32(4, b.length, true);
    };
    const hostCall = (protected_: boolean) => (ret: number, ptr: number, len: number) => {
      const args = decodeArgs(heap(), ptr, len);
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
        this.host.log(level, Buffer.from(heap().buffer, ptr, len).latin1Slice(0, len)),
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
    this.heap = new Uint8Array(ex.memory.buffer);
    ex.__wasm_call_ctors();
    ex.set_limits(MAX_FUEL, 0, 0);
    ex.set_compat(0); // Redis 7.0: no print, no os, no "server" alias
    if (ex.init() !== 0) throw new Error('the Lua engine failed to initialise');
    this.retPtr = ex.alloc(8);
  }

  /**
   * Run `body` with KEYS and ARGV (byte strings); returns the script's result in the ABI's reply
   * format (a Buffer the caller owns). A script that executes more than `fuel` Lua instructions is
   * stopped with the error "Script killed by fuel limit".
   */
  run(body: string, keys: readonly string[], args: readonly string[], fuel = MAX_FUEL): Buffer {
    const ex = this.ex;
    if (fuel !== this.fuel) {
      ex.set_limits(fuel, 0, 0);
      this.fuel = fuel;
    }
    let argsLen = 4;
    for (const k of keys) argsLen += 4 + k.length;
    for (const a of args) argsLen += 4 + a.length;
    const scriptPtr = ex.alloc(body.length || 1);
    const argsPtr = ex.alloc(argsLen);
    const heap = this.heap;
    Buffer.from(heap.buffer, scriptPtr, body.length).latin1Write(body, 0, body.length);
    const argBuf = Buffer.from(heap.buffer, argsPtr, argsLen);
    argBuf.writeUInt32LE(keys.length + args.length, 0);
    let at = 4;
    for (const list of [keys, args]) {
      for (const s of list) {
        argBuf.writeUInt32LE(s.length, at);
        at += 4 + argBuf.latin1Write(s, at + 4, s.length);
      }
    }
    try {
      ex.eval_with_args(this.retPtr, scriptPtr, body.length, argsPtr, argsLen, keys.length);
    } finally {
      ex.free_mem(scriptPtr);
      ex.free_mem(argsPtr);
    }
    const v = new DataView(heap.buffer, this.retPtr, 8);
    const ptr = v.getUint32(0, true);
    const len = v.getUint32(4, true);
    if (ptr === 0 || len === 0) return NULL_REPLY;
    const out = Buffer.from(heap.subarray(ptr, ptr + len));
    ex.free_mem(ptr);
    return out;
  }
}

const NULL_REPLY = Buffer.from([TAG_NULL, 0, 0, 0, 0]);

function decodeArgs(heap: Uint8Array, ptr: number, len: number): string[] {
  const buf = Buffer.from(heap.buffer, ptr, len);
  const count = buf.readUInt32LE(0);
  const out: string[] = new Array(count);
  let at = 4;
  for (let i = 0; i < count; i++) {
    const n = buf.readUInt32LE(at);
    out[i] = buf.latin1Slice(at + 4, at + 4 + n);
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
