// Function libraries (FUNCTION LOAD, FCALL), as Redis 7.0's functions.c and function_lua.c: a library
// is Lua code with a "#!lua name=<lib>" header whose top level registers functions with
// redis.register_function; the functions live in the Lua engine (engine.ts), this keeps what FUNCTION
// LIST, FCALL's checks and FUNCTION DUMP need.
//
// FUNCTION DUMP's payload is what Redis's would be: for each library RDB_OPCODE_FUNCTION2 (0xf5) and
// its code as an RDB string, then the RDB version (10, two bytes little-endian) and the CRC64 of all
// that (Redis's crc64, Jones polynomial, reflected). respite writes the code uncompressed (Redis
// compresses long strings with LZF, so its bytes differ for longer code); RESTORE reads both,
// decompressing LZF strings, so payloads from Redis 7.0 restore here and respite's restore in Redis.

import * as E from '../errors.js';
import { splitArgs } from '../protocol/parser.js';
import { TAG_ARRAY, TAG_ERROR, TAG_SCRIPT_ERROR } from './engine.js';
import {
  dropEngine,
  FUEL_KILL,
  INSTRUCTIONS_PER_MS,
  luaEngine,
  luaErrorMessage,
  reloadOnNewEngine,
} from './runner.js';

export interface LibraryFunction {
  name: string;
  description: string | null;
  /** In Redis's order: no-writes, allow-oom, allow-stale, no-cluster, allow-cross-slot-keys. */
  flags: string[];
}

export interface Library {
  name: string;
  code: string;
  functions: LibraryFunction[];
}

/** A server's libraries, and its functions by name. */
export class FunctionLibraries {
  readonly libraries = new Map<string, Library>();
  /** By name in lower case: Redis looks functions up case-insensitively (functionDictType). */
  readonly functions = new Map<string, { lib: Library; fn: LibraryFunction }>();
  private static nextId = 0;
  /** Servers of one process share the engine: their functions are kept apart by this prefix. */
  private readonly prefix = `${FunctionLibraries.nextId++}:`;

  constructor() {
    reloadOnNewEngine(this);
  }

  /** Load every library into a new engine (the one that held them was dropped). */
  reload(): void {
    for (const lib of this.libraries.values()) {
      this.stage(lib.name, lib.code);
      luaEngine().commitStaged(this.key(lib.name), this.prefix);
    }
  }

  /** The engine's key for function `name` of this server. */
  key(name: string): string {
    return this.prefix + name;
  }

  /**
   * FUNCTION LOAD: check the header, run the code, register its functions. Returns the library's name,
   * or an error message (nothing changed).
   */
  load(code: string, replace: boolean): { name: string } | { error: string } {
    const meta = parseMetadata(code);
    if ('error' in meta) return meta;
    const existing = this.libraries.get(meta.name);
    if (existing && !replace) return { error: E.ERR_FUNCTION_LIBRARY_EXISTS(meta.name) };
    const staged = this.stage(meta.name, code);
    if ('error' in staged) return staged;
    for (const fn of staged.functions) {
      const owner = this.functions.get(fn.name.toLowerCase());
      if (owner && owner.lib.name !== meta.name) return { error: E.ERR_FUNCTION_EXISTS(fn.name) };
    }
    this.commit(staged, existing ?? null);
    return { name: meta.name };
  }

  /** Run the library's code in the engine; its functions are staged until commit. */
  private stage(name: string, code: string): Library | { error: string } {
    // A shebang line becomes a comment so that line numbers stay the code's own.
    let wire: Buffer;
    try {
      // Redis stops a library's code that runs longer than 500 ms; here, its instructions in that time.
      wire = luaEngine().loadLibrary(`--${code.slice(2)}`, 500 * INSTRUCTIONS_PER_MS);
    } catch (err) {
      dropEngine();
      return { error: `ERR Error registering functions: Lua engine failure: ${(err as Error).message}` };
    }
    if (wire[0] === TAG_ERROR) {
      const text = wire.latin1Slice(5, 5 + wire.readUInt32LE(1));
      // loadstring's message: the code does not compile.
      return { error: `ERR Error compiling function: ${text}` };
    }
    if (wire[0] === TAG_SCRIPT_ERROR) {
      const raw = wire.latin1Slice(9, 5 + wire.readUInt32LE(1));
      if (raw.endsWith(FUEL_KILL)) return { error: E.ERR_FUNCTION_LOAD_TIMEOUT };
      return { error: `ERR Error registering functions: ${luaErrorMessage(raw, null)}` };
    }
    if (wire[0] !== TAG_ARRAY) return { error: 'ERR Error registering functions' };
    const fields = readStrings(wire);
    if (fields.length === 0) return { error: E.ERR_FUNCTION_NONE_REGISTERED };
    const functions: LibraryFunction[] = [];
    for (let i = 0; i < fields.length; i += 3) {
      const flags =
        fields[i + 2] === null || fields[i + 2] === '' ? [] : (fields[i + 2] as string).split(',');
      functions.push({
        name: fields[i] as string,
        description: fields[i + 1],
        flags: FLAG_ORDER.filter((f) => flags.includes(f)),
      });
    }
    return { name, code, functions };
  }

  private commit(lib: Library, replaced: Library | null): void {
    const vm = luaEngine();
    if (replaced) this.forget(replaced);
    vm.commitStaged(this.key(lib.name), this.prefix);
    this.libraries.set(lib.name, lib);
    for (const fn of lib.functions) this.functions.set(fn.name.toLowerCase(), { lib, fn });
  }

  private forget(lib: Library): void {
    luaEngine().dropLibrary(this.key(lib.name));
    this.libraries.delete(lib.name);
    for (const fn of lib.functions) this.functions.delete(fn.name.toLowerCase());
  }

  /** FUNCTION DELETE: false when there is no such library. */
  delete(name: string): boolean {
    const lib = this.libraries.get(name);
    if (!lib) return false;
    this.forget(lib);
    return true;
  }

  flush(): void {
    for (const lib of [...this.libraries.values()]) this.forget(lib);
  }

  /** FUNCTION DUMP's payload. */
  dump(): string {
    const parts: string[] = [];
    for (const lib of this.libraries.values()) parts.push('\xf5', rdbString(lib.code));
    const body = `${parts.join('')}\x0a\x00`;
    return body + crc64Bytes(body);
  }

  /**
   * FUNCTION RESTORE payload [FLUSH | APPEND | REPLACE]: all libraries or none. Returns null or the
   * error message.
   */
  restore(payload: string, policy: 'flush' | 'append' | 'replace'): string | null {
    const codes = parsePayload(payload);
    if (codes === null) return E.ERR_DUMP_PAYLOAD;
    // Load into a scratch set first, so that a failure changes nothing.
    const scratch: Library[] = [];
    for (const code of codes) {
      const meta = parseMetadata(code);
      if ('error' in meta) return meta.error;
      if (scratch.some((l) => l.name === meta.name)) return E.ERR_FUNCTION_LIBRARY_EXISTS(meta.name);
      const staged = this.stage(meta.name, code);
      if ('error' in staged) return staged.error;
      scratch.push(staged);
    }
    const survivors = new Map(policy === 'flush' ? [] : this.libraries);
    for (const lib of scratch) {
      if (survivors.has(lib.name)) {
        if (policy === 'append') return E.ERR_FUNCTION_RESTORE_EXISTS(lib.name);
        survivors.delete(lib.name);
      }
    }
    const names = new Set<string>();
    for (const lib of [...survivors.values(), ...scratch]) {
      for (const fn of lib.functions) {
        if (names.has(fn.name)) return E.ERR_FUNCTION_EXISTS(fn.name);
        names.add(fn.name);
      }
    }
    if (policy === 'flush') this.flush();
    // Each library's code runs again to stage its functions for real (library code has no side
    // effects: redis.call does not exist while it loads).
    for (const lib of scratch) {
      const replaced = this.libraries.get(lib.name) ?? null;
      this.stage(lib.name, lib.code);
      this.commit(lib, replaced);
    }
    return null;
  }
}

const FLAG_ORDER = ['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'];

/** The engine's array of bulk strings and nulls, flat. */
function readStrings(wire: Buffer): (string | null)[] {
  const n = wire.readUInt32LE(1);
  const out: (string | null)[] = [];
  let at = 5;
  for (let i = 0; i < n; i++) {
    const len = wire.readUInt32LE(at + 1);
    if (wire[at] === 0) {
      out.push(null);
      at += 5;
    } else {
      out.push(wire.latin1Slice(at + 5, at + 5 + len));
      at += 5 + len;
    }
  }
  return out;
}

/** The "#!<engine> name=<lib>" header, as Redis's functionExtractLibMetaData. */
function parseMetadata(code: string): { name: string } | { error: string } {
  if (!code.startsWith('#!')) return { error: E.ERR_FUNCTION_NO_METADATA };
  const nl = code.indexOf('\n');
  if (nl < 0) return { error: E.ERR_FUNCTION_BAD_METADATA };
  // The shebang line is split as Redis's sdssplitargs splits it (quotes, escapes); the engine is the
  // first part after "#!", which may be empty ("#! name=x").
  const parts = splitArgs(code.slice(0, nl));
  if (parts === null || parts.length === 0) return { error: E.ERR_FUNCTION_BAD_METADATA };
  const engine = parts[0].slice(2);
  let name: string | null = null;
  for (const part of parts.slice(1)) {
    if (part.slice(0, 5).toLowerCase() === 'name=') {
      if (name !== null) return { error: E.ERR_FUNCTION_NAME_TWICE };
      name = part.slice(5);
    } else {
      return { error: E.ERR_FUNCTION_METADATA_VALUE(part) };
    }
  }
  if (name === null) return { error: E.ERR_FUNCTION_NO_NAME };
  if (!/^[A-Za-z0-9_]+$/.test(name)) return { error: E.ERR_FUNCTION_LIBRARY_NAME };
  if (engine.toLowerCase() !== 'lua') return { error: E.ERR_FUNCTION_ENGINE(engine) };
  return { name };
}

/** An RDB string, uncompressed: its length encoded as rdbSaveLen does, then the bytes. */
function rdbString(s: string): string {
  const n = s.length;
  let len: string;
  if (n < 64) len = String.fromCharCode(n);
  else if (n < 16384) len = String.fromCharCode(0x40 | (n >> 8), n & 0xff);
  else len = `\x80${String.fromCharCode((n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff)}`;
  return len + s;
}

/** The library codes in a payload, or null when its version, checksum or contents are wrong. */
function parsePayload(p: string): string[] | null {
  if (p.length < 10) return null;
  const body = p.slice(0, -8);
  const version = body.charCodeAt(body.length - 2) | (body.charCodeAt(body.length - 1) << 8);
  if (version > 10 || crc64Bytes(body) !== p.slice(-8)) return null;
  const codes: string[] = [];
  let at = 0;
  const end = body.length - 2;
  while (at < end) {
    if (p.charCodeAt(at) !== 0xf5) return null;
    const read = readRdbString(p, at + 1, end);
    if (read === null) return null;
    codes.push(read.value);
    at = read.next;
  }
  return codes;
}

function readLength(p: string, at: number): { len: number; encoded: boolean; next: number } | null {
  const b = p.charCodeAt(at);
  const kind = b >> 6;
  if (kind === 0) return { len: b & 0x3f, encoded: false, next: at + 1 };
  if (kind === 1) return { len: ((b & 0x3f) << 8) | p.charCodeAt(at + 1), encoded: false, next: at + 2 };
  if (kind === 3) return { len: b & 0x3f, encoded: true, next: at + 1 };
  if (b === 0x80) {
    let n = 0;
    for (let i = 1; i <= 4; i++) n = n * 256 + p.charCodeAt(at + i);
    return { len: n, encoded: false, next: at + 5 };
  }
  return null;
}

function readRdbString(p: string, at: number, end: number): { value: string; next: number } | null {
  const head = readLength(p, at);
  if (head === null) return null;
  let next = head.next;
  if (!head.encoded) {
    if (next + head.len > end) return null;
    return { value: p.slice(next, next + head.len), next: next + head.len };
  }
  if (head.len === 3) {
    const clen = readLength(p, next);
    if (clen === null || clen.encoded) return null;
    const ulen = readLength(p, clen.next);
    if (ulen === null || ulen.encoded) return null;
    next = ulen.next;
    if (next + clen.len > end) return null;
    const value = lzfDecompress(p.slice(next, next + clen.len), ulen.len);
    return value === null ? null : { value, next: next + clen.len };
  }
  // Integer encodings (0, 1, 2: 8, 16, 32 bits, little-endian, signed).
  const size = [1, 2, 4][head.len];
  if (size === undefined || next + size > end) return null;
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + p.charCodeAt(next + i);
  if (v >= 2 ** (8 * size - 1)) v -= 2 ** (8 * size);
  return { value: String(v), next: next + size };
}

/** LZF (liblzf's format, which Redis's RDB uses): literal runs and back references. */
function lzfDecompress(src: string, outLen: number): string | null {
  const out: number[] = [];
  let i = 0;
  while (i < src.length) {
    const ctrl = src.charCodeAt(i++);
    if (ctrl < 32) {
      for (let k = 0; k <= ctrl; k++) {
        if (i >= src.length) return null;
        out.push(src.charCodeAt(i++));
      }
    } else {
      let len = ctrl >> 5;
      if (len === 7) len += src.charCodeAt(i++);
      const ref = out.length - ((ctrl & 0x1f) << 8) - src.charCodeAt(i++) - 1;
      if (ref < 0) return null;
      for (let k = 0; k < len + 2; k++) out.push(out[ref + k]);
    }
  }
  if (out.length !== outLen) return null;
  return Buffer.from(out).toString('latin1');
}

let crcTable: bigint[] | null = null;

/** Redis's crc64 (Jones polynomial, reflected, no final xor), as its 8 bytes little-endian. */
function crc64Bytes(s: string): string {
  if (crcTable === null) {
    crcTable = [];
    const poly = 0x95ac9329ac4bc9b5n; // 0xad93d23594c935a9 reflected
    for (let n = 0n; n < 256n; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
      crcTable.push(c);
    }
  }
  let crc = 0n;
  for (let i = 0; i < s.length; i++) {
    crc = crcTable[Number((crc ^ BigInt(s.charCodeAt(i))) & 0xffn)] ^ (crc >> 8n);
  }
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(crc);
  return b.toString('latin1');
}
