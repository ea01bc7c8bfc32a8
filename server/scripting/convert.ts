// Conversions between Redis's protocol and the engine's reply format (see engine.ts for its layout),
// the two directions Redis's script_lua.c does:
//
//   redis.call's reply:  RESP bytes the command wrote  ──respToWire──>  engine, which makes Lua values
//   the script's result: engine's reply  ──writeWire──>  the caller's ReplyWriter (RESP2 or RESP3)
//
// Going through RESP for redis.call keeps one encoder: a command replies exactly as it would to a
// client, in the protocol the script chose with redis.setresp, and the engine turns that into Lua
// values the way Redis does (a null bulk is false in RESP2, a status is {ok=...}, an error {err=...}).

import { formatDouble } from '../numbers.js';
import type { ReplyWriter } from '../protocol/writer.js';
import {
  NULL_MARK,
  TAG_ARRAY,
  TAG_BIG_NUMBER,
  TAG_BOOL,
  TAG_BULK,
  TAG_DOUBLE,
  TAG_ERROR,
  TAG_INT,
  TAG_MAP,
  TAG_NULL,
  TAG_SCRIPT_ERROR,
  TAG_SET,
  TAG_STATUS,
  TAG_VERBATIM,
} from './engine.js';

/** A growable output buffer for the engine's reply format. */
class WireBuilder {
  buf = Buffer.allocUnsafe(256);
  len = 0;

  ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  header(tag: number, n: number): void {
    this.ensure(5);
    this.buf[this.len] = tag;
    this.buf.writeUInt32LE(n, this.len + 1);
    this.len += 5;
  }

  bytes(tag: number, src: Buffer, start: number, end: number): void {
    const n = end - start;
    this.header(tag, n);
    this.ensure(n);
    const buf = this.buf;
    // Most replies are short: a loop costs less than Buffer#copy's checks.
    if (n > 64) src.copy(buf, this.len, start, end);
    else for (let i = 0; i < n; i++) buf[this.len + i] = src[start + i];
    this.len += n;
  }

  int(n: bigint): void {
    this.header(TAG_INT, 8);
    this.ensure(8);
    this.buf.writeBigInt64LE(BigInt.asIntN(64, n), this.len);
    this.len += 8;
  }

  /** An integer of at most 47 bits and its sign, without a BigInt. */
  smallInt(n: number): void {
    this.header(TAG_INT, 8);
    this.ensure(8);
    this.buf.writeIntLE(n, this.len, 6);
    const sign = n < 0 ? 0xff : 0;
    this.buf[this.len + 6] = sign;
    this.buf[this.len + 7] = sign;
    this.len += 8;
  }

  double(d: number): void {
    this.header(TAG_DOUBLE, 8);
    this.ensure(8);
    this.buf.writeDoubleLE(d, this.len);
    this.len += 8;
  }

  take(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

const NULL_BYTES = Buffer.from(NULL_MARK, 'latin1');

/** One builder for every redis.call reply: they are converted one at a time. */
const builder = new WireBuilder();

/**
 * Convert one RESP reply (a command's reply to the script's fake client) into the engine's format.
 * The result is a view that the next call overwrites (the engine copies it at once).
 */
export function respToWire(resp: Buffer, start: number): Buffer {
  const w = builder;
  w.len = 0;
  if (w.buf.length > 1024 * 1024) w.buf = Buffer.allocUnsafe(256);
  const end = convertResp(resp, start, w);
  if (end < 0) throw new Error('malformed reply from a command run by a script');
  return w.take();
}

/** The integer written in b[start, end), a RESP integer line of at most 14 characters. */
function shortInteger(b: Buffer, start: number, end: number): number {
  const negative = b[start] === 0x2d;
  let n = 0;
  for (let i = negative ? start + 1 : start; i < end; i++) n = n * 10 + (b[i] - 0x30);
  return negative ? -n : n;
}

function lineEnd(b: Buffer, at: number): number {
  return b.indexOf(13, at);
}

function convertResp(b: Buffer, at: number, w: WireBuilder): number {
  const type = b[at];
  const eol = lineEnd(b, at);
  const next = eol + 2;
  switch (type) {
    case 0x2b: // + status
      w.bytes(TAG_STATUS, b, at + 1, eol);
      return next;
    case 0x2d: // - error
      w.bytes(TAG_ERROR, b, at + 1, eol);
      return next;
    case 0x3a: // : integer
      // Up to 14 characters it fits 47 bits (most replies: counts, lengths, flags).
      if (eol - at <= 15) w.smallInt(shortInteger(b, at + 1, eol));
      else w.int(BigInt(b.latin1Slice(at + 1, eol)));
      return next;
    case 0x24: {
      // $ bulk
      const n = Number(b.latin1Slice(at + 1, eol));
      if (n < 0) {
        w.header(TAG_NULL, 0);
        return next;
      }
      w.bytes(TAG_BULK, b, next, next + n);
      return next + n + 2;
    }
    case 0x2a: // * array
    case 0x7e: // ~ set
    case 0x3e: {
      // > push
      const n = Number(b.latin1Slice(at + 1, eol));
      if (n < 0) {
        w.header(TAG_NULL, 0);
        return next;
      }
      w.header(type === 0x7e ? TAG_SET : TAG_ARRAY, n);
      let p = next;
      for (let i = 0; i < n; i++) p = convertResp(b, p, w);
      return p;
    }
    case 0x25: {
      // % map
      const n = Number(b.latin1Slice(at + 1, eol));
      w.header(TAG_MAP, n);
      let p = next;
      for (let i = 0; i < 2 * n; i++) p = convertResp(b, p, w);
      return p;
    }
    case 0x5f: // _ null: only a script under RESP3 sees it, as nil (see nils in engine.ts's SETUP_LUA)
      w.bytes(TAG_BIG_NUMBER, NULL_BYTES, 0, NULL_BYTES.length);
      return next;
    case 0x23: // # boolean
      w.header(TAG_BOOL, 1);
      w.ensure(1);
      w.buf[w.len++] = b[at + 1] === 0x74 ? 1 : 0;
      return next;
    case 0x2c: {
      // , double
      const text = b.latin1Slice(at + 1, eol);
      w.double(text === 'inf' ? Infinity : text === '-inf' ? -Infinity : Number(text));
      return next;
    }
    case 0x28: // ( big number
      w.bytes(TAG_BIG_NUMBER, b, at + 1, eol);
      return next;
    case 0x3d: {
      // = verbatim: "txt:" then the text
      const n = Number(b.latin1Slice(at + 1, eol));
      // [format length u32][format][string]
      w.header(TAG_VERBATIM, n + 3);
      w.ensure(4 + n);
      w.buf.writeUInt32LE(3, w.len);
      w.len += 4;
      b.copy(w.buf, w.len, next, next + 3);
      w.len += 3;
      b.copy(w.buf, w.len, next + 4, next + n);
      w.len += n - 4;
      return next + n + 2;
    }
    default:
      return -1;
  }
}

/** A script's result, decoded: what the caller replies. */
export interface ScriptError {
  /** "CODE message" as the engine gave it (code may be missing for plain Lua errors). */
  message: string;
  line: number;
}

/**
 * Write the engine's reply `wire` to `out` as RESP. An error that aborted the script (the top-level
 * TAG_SCRIPT_ERROR) is not written: it is returned for the caller to decorate.
 */
export function writeWire(out: ReplyWriter, wire: Buffer): ScriptError | null {
  if (wire[0] === TAG_SCRIPT_ERROR) {
    const len = wire.readUInt32LE(1);
    return { line: wire.readUInt32LE(5), message: wire.latin1Slice(9, 5 + len) };
  }
  writeValue(out, wire, 0);
  return null;
}

function writeValue(out: ReplyWriter, b: Buffer, at: number): number {
  const tag = b[at];
  const n = b.readUInt32LE(at + 1);
  const p = at + 5;
  switch (tag) {
    case TAG_NULL:
      out.nullBulk();
      return p;
    case TAG_INT:
      out.integer(readInt(b, p));
      return p + 8;
    case TAG_BULK:
      out.bulk(b.latin1Slice(p, p + n));
      return p + n;
    case TAG_STATUS:
      out.simple(b.latin1Slice(p, p + n).replace(/[\r\n]/g, ' '));
      return p + n;
    case TAG_ERROR:
    case TAG_SCRIPT_ERROR: {
      const text = tag === TAG_ERROR ? b.latin1Slice(p, p + n) : b.latin1Slice(p + 4, p + n);
      out.error(text);
      return p + n;
    }
    case TAG_ARRAY: {
      out.array(n);
      let q = p;
      for (let i = 0; i < n; i++) q = writeValue(out, b, q);
      return q;
    }
    case TAG_SET: {
      out.set(n);
      let q = p;
      for (let i = 0; i < n; i++) q = writeValue(out, b, q);
      return q;
    }
    case TAG_MAP: {
      out.map(n);
      let q = p;
      for (let i = 0; i < 2 * n; i++) q = writeValue(out, b, q);
      return q;
    }
    case TAG_BOOL:
      out.boolean(b[p] !== 0);
      return p + n;
    case TAG_DOUBLE:
      out.double(formatDouble(b.readDoubleLE(p)));
      return p + 8;
    case TAG_BIG_NUMBER: {
      const text = b.latin1Slice(p, p + n);
      if (text === NULL_MARK) out.nullBulk();
      else if (out.proto === 2) out.bulk(text);
      else out.encoded(Buffer.from(`(${text}\r\n`, 'latin1'));
      return p + n;
    }
    case TAG_VERBATIM: {
      const flen = b.readUInt32LE(p);
      const format = b.latin1Slice(p + 4, p + 4 + flen);
      const text = b.latin1Slice(p + 4 + flen, p + n);
      if (out.proto === 2) out.bulk(text);
      else out.encoded(Buffer.from(`=${text.length + 4}\r\n${format.slice(0, 3)}:${text}\r\n`, 'latin1'));
      return p + n;
    }
    default:
      throw new Error(`unknown reply tag ${tag} from the Lua engine`);
  }
}

/**
 * A Lua number becomes an integer by C's cast, which on x86 gives LLONG_MIN for anything out of range;
 * the engine saturates instead, and LLONG_MAX (never a double's exact value) can only come from that.
 */
function readInt(b: Buffer, p: number): number | bigint {
  const lo = b.readUInt32LE(p);
  const hi = b.readInt32LE(p + 4);
  if (hi === 0x7fffffff && lo === 0xffffffff) return -0x8000000000000000n;
  if ((hi === 0 && lo < 2 ** 31) || (hi === -1 && lo >= 2 ** 31)) return hi * 2 ** 32 + lo;
  return b.readBigInt64LE(p);
}
