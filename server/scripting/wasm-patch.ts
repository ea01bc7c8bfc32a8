// One change to the Lua engine's WebAssembly, made in memory before it is compiled: numbers given to
// redis.call and redis.pcall become strings as Redis 7.0 makes them.
//
// Redis formats such a number itself, with snprintf("%.17g") (script_lua.c, luaArgsToRedisArgv:
// "Lua uses a format specifier that loses precision"), so 0.1 arrives as 0.10000000000000001 and a
// microsecond timestamp or BullMQ's priority * 2^32 score keeps every digit. The engine's redis.call
// takes the argument with lua_tolstring, which prints with Lua's own "%.14g" (1.7641500000001e+15).
// A Lua wrapper around redis.call could format them, but a wrapper is a Lua frame: errors would carry
// its line, and `return redis.call(...)` (a tail call) would lose the script's line altogether.
//
// So the engine's own function behind redis.call is changed. In it, the one call that turns an
// argument into a string is bracketed by two one-byte stores: before it, the '4' of Lua's format
// string "%.14g" in the engine's memory becomes '7'; after it, '4' again. Numbers print as Redis
// prints them there, and as Lua prints them everywhere else (tostring, .., string.format).
//
// Nothing is assumed about the build but what is checked: the format string is found in the data
// segments, the function behind redis.call is the one that calls the host's `host_redis_call`, and
// the conversion is the call in it to a function that uses the format string (directly or one call
// down). If any of that is not exactly one match, the bytes are returned unchanged (`patched: false`)
// and numbers keep Lua's format, which the differential tests would show.
//
// The WebAssembly binary format, as far as it is read here: a module is "\0asm", a version, then
// sections [id u8][size uleb][content]. Imported functions come first in the function index space,
// then the functions of the code section (id 10), each [size uleb][locals][instructions]. The data
// section (id 11) holds the initial memory: segments [flags][offset expression][bytes].

/** What patchEngine did: the bytes to compile, and where the format's changed digit lives. */
export interface PatchedEngine {
  bytes: Uint8Array;
  patched: boolean;
  /** The memory address of the digit that the patch switches ('4'); 0 when not patched. */
  digitAt: number;
  /** Why the engine was left as it is. */
  reason?: string;
}

const SECTION_IMPORT = 2;
const SECTION_CODE = 10;
const SECTION_DATA = 11;

const OP_CALL = 0x10;
const OP_I32_CONST = 0x41;
const OP_I32_STORE8 = 0x3a;

/** Lua's LUA_NUMBER_FMT, as it sits in the engine's static data (NUL-terminated). */
const LUA_NUMBER_FMT = '%.14g\0';
const DIGIT_OFFSET = 3; // the '4'

interface Range {
  start: number;
  end: number;
}

/** A cursor over the module's bytes with the LEB128 readers the format uses. */
class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
  ) {}

  u8(): number {
    return this.bytes[this.at++];
  }

  /** An unsigned LEB128 (sizes, counts, indices). */
  uleb(): number {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = this.bytes[this.at++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  }

  /** A signed LEB128 (constants); exact up to 2^53, which is all that is compared here. */
  sleb(): number {
    const start = this.at;
    const value = this.uleb();
    // Bit 6 of the last byte is the sign: the value is then negative, less 2^(7 * bytes read).
    return this.bytes[this.at - 1] & 0x40 ? value - 2 ** (7 * (this.at - start)) : value;
  }

  name(): string {
    const n = this.uleb();
    const s = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.at, n).toString('latin1');
    this.at += n;
    return s;
  }
}

interface Module {
  sections: (Range & { id: number; header: number })[];
  /** Imported functions' names ("module.field"), by function index. */
  importedFunctions: string[];
  /** Each defined function's body (after its size, which starts at sizeAt), by index - importedFunctions.length. */
  bodies: (Range & { sizeAt: number })[];
  /** Active data segments: memory address and where their bytes are in the file. */
  data: { address: number; start: number; end: number }[];
}

function readModule(bytes: Uint8Array): Module {
  const magic = bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
  if (!magic) throw new Error('not a WebAssembly module');
  const r = new Reader(bytes, 8);
  const m: Module = { sections: [], importedFunctions: [], bodies: [], data: [] };
  while (r.at < bytes.length) {
    const header = r.at;
    const id = r.u8();
    const size = r.uleb();
    m.sections.push({ id, header, start: r.at, end: r.at + size });
    r.at += size;
  }
  for (const s of m.sections) {
    r.at = s.start;
    if (s.id === SECTION_IMPORT) {
      for (let n = r.uleb(); n > 0; n--) {
        const name = `${r.name()}.${r.name()}`;
        const kind = r.u8();
        if (kind === 0) {
          m.importedFunctions.push(name);
          r.uleb(); // type index
        } else if (kind === 1) {
          r.u8(); // reference type
          if (r.u8() & 1) r.uleb();
          r.uleb();
        } else if (kind === 2) {
          if (r.u8() & 1) r.uleb();
          r.uleb();
        } else {
          r.at += 2; // global: value type, mutability
        }
      }
    } else if (s.id === SECTION_CODE) {
      for (let n = r.uleb(); n > 0; n--) {
        const sizeAt = r.at;
        const size = r.uleb();
        m.bodies.push({ sizeAt, start: r.at, end: r.at + size });
        r.at += size;
      }
    } else if (s.id === SECTION_DATA) {
      for (let n = r.uleb(); n > 0; n--) {
        const flags = r.uleb();
        let address = -1;
        if (flags === 0 || flags === 2) {
          if (flags === 2) r.uleb(); // memory index
          // The offset expression: only `i32.const N end` gives a known address.
          if (r.u8() === OP_I32_CONST) {
            address = r.sleb();
            if (r.u8() !== 0x0b) address = -1;
          } else {
            address = -1;
            while (r.u8() !== 0x0b) {}
          }
        }
        const size = r.uleb();
        if (address >= 0) m.data.push({ address, start: r.at, end: r.at + size });
        r.at += size;
      }
    }
  }
  return m;
}

/** A call instruction: where its bytes are, and the function it calls. */
interface Call {
  at: number;
  end: number;
  callee: number;
}

/** What patchEngine needs to know of a function body. */
interface BodyFacts {
  calls: Call[];
  /** Whether it has `i32.const <constant>`. */
  usesConstant: boolean;
}

/**
 * Walk a function body's instructions, noting its calls and whether `i32.const constant` occurs;
 * other immediates are skipped by their encoded size. Covers the MVP instruction set with sign
 * extension, saturating truncation, bulk memory and reference types, which is what this build
 * contains; anything else throws. (A plain loop: this runs once per process, mostly not yet optimised
 * by the JIT.)
 */
function readBody(bytes: Uint8Array, body: Range, constant: number): BodyFacts {
  const facts: BodyFacts = { calls: [], usesConstant: false };
  const r = new Reader(bytes, body.start);
  for (let groups = r.uleb(); groups > 0; groups--) {
    r.uleb(); // count
    r.at++; // value type
  }
  while (r.at < body.end) {
    const at = r.at;
    const op = bytes[r.at++];
    if (op === OP_CALL) {
      const callee = r.uleb();
      facts.calls.push({ at, end: r.at, callee });
    } else if (op === OP_I32_CONST) {
      if (r.sleb() === constant) facts.usesConstant = true;
    } else if (op === 0x02 || op === 0x03 || op === 0x04) {
      // block type: empty, a value type, or a type index
      const b = bytes[r.at];
      if (b === 0x40 || (b >= 0x6f && b <= 0x7f)) r.at++;
      else r.sleb();
    } else if (op === 0x0c || op === 0x0d || (op >= 0x20 && op <= 0x26) || op === 0xd2 || op === 0x42) {
      r.uleb(); // a label, local, global, table or function index; i64.const (only its length matters)
    } else if (op === 0x0e) {
      for (let n = r.uleb() + 1; n > 0; n--) r.uleb();
    } else if (op === 0x11) {
      r.uleb();
      r.uleb();
    } else if (op === 0x1c) {
      r.at += r.uleb();
    } else if (op >= 0x28 && op <= 0x3e) {
      r.uleb(); // alignment
      r.uleb(); // offset
    } else if (op === 0x3f || op === 0x40 || op === 0xd0) {
      r.at++;
    } else if (op === 0x43) {
      r.at += 4;
    } else if (op === 0x44) {
      r.at += 8;
    } else if (op === 0xfc) {
      const sub = r.uleb();
      if (sub === 8) {
        r.uleb();
        r.at++;
      } else if (sub === 10 || sub === 12 || sub === 14) {
        r.uleb();
        r.uleb();
      } else if (sub === 9 || sub === 11 || sub === 13 || (sub >= 15 && sub <= 17)) {
        r.uleb();
      } else if (sub > 7) {
        throw new Error(`unknown instruction 0xfc ${sub}`);
      }
    } else if (!(op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b)) {
      if (!(op >= 0x45 && op <= 0xc4) && op !== 0xd1)
        throw new Error(`unknown instruction 0x${op.toString(16)}`);
    }
  }
  return facts;
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** `i32.store8 [address] = value`, stack-neutral: placed around a call, it leaves its operands alone. */
function storeByte(address: number, value: number): number[] {
  return [OP_I32_CONST, ...sleb(address), OP_I32_CONST, ...sleb(value), OP_I32_STORE8, 0, 0];
}

function unchanged(bytes: Uint8Array, reason: string): PatchedEngine {
  return { bytes, patched: false, digitAt: 0, reason };
}

/** The engine's bytes with redis.call's number format changed (see the top of this file). */
export function patchEngine(bytes: Uint8Array): PatchedEngine {
  let m: Module;
  try {
    m = readModule(bytes);
  } catch (err) {
    return unchanged(bytes, String(err));
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  // 1. Where Lua's number format lives in memory.
  const formats: number[] = [];
  const dataSection = m.sections.find((sec) => sec.id === SECTION_DATA);
  for (let i = dataSection ? buf.indexOf(LUA_NUMBER_FMT, dataSection.start, 'latin1') : -1; i >= 0; ) {
    const seg = m.data.find((d) => d.start <= i && i + LUA_NUMBER_FMT.length <= d.end);
    if (seg !== undefined) formats.push(seg.address + (i - seg.start));
    i = buf.indexOf(LUA_NUMBER_FMT, i + 1, 'latin1');
  }
  if (formats.length !== 1) return unchanged(bytes, `${formats.length} copies of Lua's number format`);
  const format = formats[0];
  let fn = 0;
  let sites: Call[] = [];

  // 2. What a function calls and whether it uses the format's address, decoded when first asked.
  const imported = m.importedFunctions.length;
  const decoded = new Map<number, BodyFacts>();
  const decode = (fn: number) => {
    let d = decoded.get(fn);
    if (d === undefined) {
      d =
        fn < imported ? { calls: [], usesConstant: false } : readBody(bytes, m.bodies[fn - imported], format);
      decoded.set(fn, d);
    }
    return d;
  };
  const converts = (fn: number) =>
    decode(fn).usesConstant || decode(fn).calls.some((c) => decode(c.callee).usesConstant);

  try {
    // 3. The function behind redis.call / redis.pcall: the one that calls the host's redis.call. Only
    // bodies holding the bytes of such a call are decoded (decoding all of them costs tens of ms).
    const hostCall = m.importedFunctions.indexOf('env.host_redis_call');
    if (hostCall < 0) return unchanged(bytes, 'no host_redis_call import');
    const pattern = Buffer.from([OP_CALL, ...uleb(hostCall)]);
    const code = m.sections.find((sec) => sec.id === SECTION_CODE);
    if (code === undefined) return unchanged(bytes, 'no code section');
    const behindCall = new Set<number>();
    for (
      let hit = buf.indexOf(pattern, code.start);
      hit >= 0 && hit < code.end;
      hit = buf.indexOf(pattern, hit + 1)
    ) {
      const i = bodyAt(m.bodies, hit);
      if (i >= 0 && decode(imported + i).calls.some((c) => c.callee === hostCall))
        behindCall.add(imported + i);
    }
    if (behindCall.size !== 1) return unchanged(bytes, `${behindCall.size} functions call host_redis_call`);
    [fn] = behindCall;

    // 4. In it, the call that turns an argument into a string.
    sites = decode(fn).calls.filter((c) => converts(c.callee));
  } catch (err) {
    return unchanged(bytes, String(err));
  }
  if (sites.length !== 1) return unchanged(bytes, `${sites.length} number conversions in redis.call`);
  const site = sites[0];
  const digitAt = format + DIGIT_OFFSET;

  // 5. The new body, and the code section around it (every other byte stays where it was, shifted).
  const body = m.bodies[fn - imported];
  const newBody = Buffer.concat([
    buf.subarray(body.start, site.at),
    Buffer.from(storeByte(digitAt, 0x37)), // '7'
    buf.subarray(site.at, site.end),
    Buffer.from(storeByte(digitAt, 0x34)), // '4'
    buf.subarray(site.end, body.end),
  ]);
  const code = m.sections.find((sec) => sec.id === SECTION_CODE)!;
  const codeContent = Buffer.concat([
    buf.subarray(code.start, body.sizeAt),
    Buffer.from(uleb(newBody.length)),
    newBody,
    buf.subarray(body.end, code.end),
  ]);
  const patched = Buffer.concat([
    buf.subarray(0, code.header),
    Buffer.from([SECTION_CODE, ...uleb(codeContent.length)]),
    codeContent,
    buf.subarray(code.end),
  ]);
  return { bytes: patched, patched: true, digitAt };
}

/** The index of the body that holds byte `at` (bodies are in file order), or -1. */
function bodyAt(bodies: Range[], at: number): number {
  let lo = 0;
  let hi = bodies.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at < bodies[mid].start) hi = mid - 1;
    else if (at >= bodies[mid].end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
