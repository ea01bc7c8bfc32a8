// Bit operations on string values: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO.
//
// A bitmap is a string value read as bits, bit 0 being the most significant bit of the first byte.
// Reads work on either form of a string value (a plain byte string or a RawString) and see the bytes
// past the end as zeros. Writes (SETBIT, BITFIELD SET/INCRBY) first turn the value into a RawString
// and then edit its buffer in place, so setting a bit of a large bitmap costs O(1), not a copy.
//
// Bit offsets go past 2^32, beyond JavaScript's 32-bit bitwise operators: byte indexes are computed
// as Math.floor(offset / 8); `offset & 7` is exact for any integer offset, so it stays.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { keyMiss, NOTIFY_GENERIC, NOTIFY_STRING, notifyKeyspaceEvent } from '../notify.js';
import { parseInt64, parseInt64Big } from '../numbers.js';
import { RawString } from '../store/rawstring.js';
import { option } from './args.js';
import { type CommandSpec, command, keyCommand } from './types.js';

/** A string value in either of its forms. */
type Bytes = string | RawString;

/** The number of set bits in each byte value. */
const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = POPCOUNT[i >> 1] + (i & 1);

/** The string at `key` for reading: undefined when there is none, null after replying WRONGTYPE. */
function lookupRead(c: Client, key: string): Bytes | undefined | null {
  const v = c.db.get(key);
  if (v === undefined) keyMiss(c, key);
  if (v === undefined || typeof v === 'string') return v;
  if (v.type !== 'string') {
    c.out.error(E.WRONGTYPE);
    return null;
  }
  return v as RawString;
}

/**
 * The string at `key` as a RawString to edit in place, or null after replying WRONGTYPE. A missing
 * key gets an empty one, a plain value is converted (Redis likewise turns it into a "raw" string
 * even when the command then changes nothing). Either is stored without telling watchers: the
 * caller does that with db.set once it has really changed something, as Redis signals only changes.
 */
function lookupWrite(c: Client, key: string): RawString | null {
  const v = c.db.get(key);
  if (v !== undefined && typeof v !== 'string') {
    if (v.type === 'string') return v as RawString;
    c.out.error(E.WRONGTYPE);
    return null;
  }
  const raw = new RawString(v ?? '');
  c.db.replace(key, raw);
  // Redis creates the key here (dbAdd), before it knows whether anything will be written.
  if (v === undefined) c.server.keyAdded(c.db, key);
  return raw;
}

/** Byte `i` of a string; zero past its end (and for a missing key). */
function byteAt(v: Bytes | undefined, i: number): number {
  if (v === undefined || i >= v.length) return 0;
  return typeof v === 'string' ? v.charCodeAt(i) : v.buf[i];
}

function bitAt(v: Bytes, pos: number): number {
  return (byteAt(v, Math.floor(pos / 8)) >> (7 - (pos & 7))) & 1;
}

/**
 * Large values are read in pieces of this many bytes: a plain string is copied into `scratch` one
 * piece at a time, so BITCOUNT or BITOP over a large value never allocates a copy of all of it.
 */
const PIECE = 64 * 1024;
/** Not from Node's shared pool, so it starts on a word boundary and can be read as 32-bit words. */
const scratch = Buffer.allocUnsafeSlow(PIECE);

/** Bytes [from, to) of `v`, at most PIECE of them: a RawString's own buffer, or a copy in scratch. */
function piece(v: Bytes, from: number, to: number): Uint8Array {
  if (typeof v !== 'string') return v.buf.subarray(from, to);
  scratch.latin1Write(v.slice(from, to), 0, to - from);
  return scratch.subarray(0, to - from);
}

/** `bytes` as 32-bit words, when they start on a word boundary; the last length % 4 bytes are left out. */
function wordsOf(bytes: Uint8Array): Int32Array | null {
  if ((bytes.byteOffset & 3) !== 0 || bytes.length < 16) return null;
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** The set bits in bytes [from, to) of `v`. */
function popcount(v: Bytes, from: number, to: number): number {
  let n = 0;
  for (let at = from; at < to; at += PIECE) {
    const bytes = piece(v, at, Math.min(to, at + PIECE));
    // Byte by byte up to a word boundary, then a word at a time, then the last few bytes.
    let i = Math.min((4 - (bytes.byteOffset & 3)) & 3, bytes.length);
    for (let j = 0; j < i; j++) n += POPCOUNT[bytes[j]];
    const words = wordsOf(bytes.subarray(i));
    if (words !== null) {
      for (let j = 0; j < words.length; j++) n += popcount32(words[j]);
      i += words.length * 4;
    }
    for (; i < bytes.length; i++) n += POPCOUNT[bytes[i]];
  }
  return n;
}

/** The index of the first byte in [from, to) that is not `skip`; `to` if they all are. */
function skipBytes(v: Bytes, from: number, to: number, skip: number): number {
  let i = from;
  if (typeof v === 'string') {
    while (i < to && v.charCodeAt(i) === skip) i++;
  } else {
    const buf = v.buf;
    while (i < to && buf[i] === skip) i++;
  }
  return i;
}

/** The position of the first bit equal to `bit` in bit positions [from, to) of `v`; -1 if none. */
function findBit(v: Bytes, bit: number, from: number, to: number): number {
  let pos = from;
  for (; pos < to && (pos & 7) !== 0; pos++) if (bitAt(v, pos) === bit) return pos;
  if (pos >= to) return -1;
  // From a byte boundary, whole bytes that cannot hold the bit are skipped a byte at a time.
  pos = skipBytes(v, pos / 8, Math.floor(to / 8), bit ? 0x00 : 0xff) * 8;
  for (; pos < to; pos++) if (bitAt(v, pos) === bit) return pos;
  return -1;
}

/** Redis's index rule for BITCOUNT and BITPOS ranges: negative counts from the end; clamped at 0. */
function fromEnd(index: number, total: number): number {
  return Math.max(index < 0 ? index + total : index, 0);
}

/** proto-max-bulk-len is at least 1mb, so offsets below this many bits are always in range. */
const ALWAYS_IN_RANGE = 8 * 1024 * 1024;

/**
 * A bit offset argument: an integer from 0 to below proto-max-bulk-len bytes. For BITFIELD (`bits`
 * given), "#N" is the N-th field of that width: offset N * bits. Null after replying the error.
 */
function parseBitOffset(c: Client, arg: string, bits = 0): number | null {
  let offset: number | null;
  if (bits > 0 && arg.charCodeAt(0) === 0x23 /* # */) {
    const n = parseInt64(arg.slice(1));
    offset = n === null ? null : n * bits;
    // Redis multiplies in 64 bits and lets the product wrap; a wrapped product can land in range.
    if (offset !== null && Math.abs(offset) >= 2 ** 53) {
      offset = Number(BigInt.asIntN(64, (parseInt64Big(arg.slice(1)) as bigint) * BigInt(bits)));
    }
  } else {
    offset = parseInt64(arg);
  }
  if (
    offset === null ||
    offset < 0 ||
    (offset >= ALWAYS_IN_RANGE && Math.floor(offset / 8) >= c.server.config.getInt('proto-max-bulk-len'))
  ) {
    c.out.error(E.ERR_BIT_OFFSET);
    return null;
  }
  return offset;
}

// SETBIT key offset value
function setbit(c: Client, argv: string[]): void {
  const offset = parseBitOffset(c, argv[2]);
  if (offset === null) return;
  // Only "0" and "1" parse as integers whose value is 0 or 1.
  const on = argv[3] === '1' ? 1 : argv[3] === '0' ? 0 : -1;
  if (on < 0) return c.out.error(E.ERR_BIT_VALUE);
  const raw = lookupWrite(c, argv[1]);
  if (raw === null) return;
  const byte = Math.floor(offset / 8);
  const size = raw.length;
  raw.ensure(byte + 1);
  const mask = 0x80 >> (offset & 7);
  const old = raw.buf[byte] & mask ? 1 : 0;
  if (old !== on) raw.buf[byte] ^= mask;
  if (old !== on || raw.length !== size) {
    c.db.set(argv[1], raw, true);
    notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'setbit', argv[1], c.db.id);
  }
  c.out.integer(old);
}

// GETBIT key offset
function getbit(c: Client, argv: string[]): void {
  const offset = parseBitOffset(c, argv[2]);
  if (offset === null) return;
  const v = lookupRead(c, argv[1]);
  if (v === null) return;
  c.out.integer(v === undefined ? 0 : bitAt(v, offset));
}

/** A BYTE | BIT unit argument: whether it is BIT; null when it is neither. */
function parseUnit(arg: string): boolean | null {
  const unit = option(arg);
  return unit === 'bit' ? true : unit === 'byte' ? false : null;
}

// BITCOUNT key [start end [BYTE | BIT]]
function bitcount(c: Client, argv: string[]): void {
  // Redis 7.0 looks the key up before it reads the range: a missing key counts 0 whatever follows.
  const v = lookupRead(c, argv[1]);
  if (v === null) return;
  if (v === undefined) return c.out.integer(0);
  if (argv.length === 2) return c.out.integer(popcount(v, 0, v.length));
  if (argv.length > 5 || argv.length === 3) return c.out.error(E.ERR_SYNTAX);
  const start64 = parseInt64Big(argv[2]);
  if (start64 === null) return c.out.error(E.ERR_NOT_INTEGER);
  const end64 = parseInt64Big(argv[3]);
  if (end64 === null) return c.out.error(E.ERR_NOT_INTEGER);
  // This early answer comes before the unit is read, so "-1 -2 FOO" counts 0 rather than failing.
  if (start64 < 0n && end64 < 0n && start64 > end64) return c.out.integer(0);
  const isBit = argv.length === 5 ? parseUnit(argv[4]) : false;
  if (isBit === null) return c.out.error(E.ERR_SYNTAX);
  const total = isBit ? v.length * 8 : v.length;
  const start = fromEnd(Number(start64), total);
  const end = Math.min(fromEnd(Number(end64), total), total - 1);
  if (start > end) return c.out.integer(0);
  if (!isBit) return c.out.integer(popcount(v, start, end + 1));
  const first = Math.floor(start / 8);
  const last = Math.floor(end / 8);
  const before = byteAt(v, first) & (0xff00 >> (start & 7)) & 0xff;
  const after = byteAt(v, last) & (0xff >> ((end & 7) + 1));
  c.out.integer(popcount(v, first, last + 1) - POPCOUNT[before] - POPCOUNT[after]);
}

// BITPOS key bit [start [end [BYTE | BIT]]]
function bitpos(c: Client, argv: string[]): void {
  const bit = parseInt64(argv[2]);
  if (bit === null) return c.out.error(E.ERR_NOT_INTEGER);
  if (bit !== 0 && bit !== 1) return c.out.error(E.ERR_BIT_ARG);
  const v = lookupRead(c, argv[1]);
  if (v === null) return;
  // A missing key is an endless run of clear bits.
  if (v === undefined) return c.out.integer(bit ? -1 : 0);
  if (argv.length > 6) return c.out.error(E.ERR_SYNTAX);
  let start = 0;
  let end = v.length - 1;
  let isBit = false;
  if (argv.length >= 4) {
    const s = parseInt64(argv[3]);
    if (s === null) return c.out.error(E.ERR_NOT_INTEGER);
    if (argv.length === 6) {
      const unit = parseUnit(argv[5]);
      if (unit === null) return c.out.error(E.ERR_SYNTAX);
      isBit = unit;
    }
    if (argv.length >= 5) {
      const e = parseInt64(argv[4]);
      if (e === null) return c.out.error(E.ERR_NOT_INTEGER);
      end = e;
    }
    const total = isBit ? v.length * 8 : v.length;
    start = fromEnd(s, total);
    end = Math.min(fromEnd(end, total), total - 1);
  }
  if (start > end) return c.out.integer(-1);
  const from = isBit ? start : start * 8;
  const to = isBit ? end + 1 : (end + 1) * 8;
  const pos = findBit(v, bit, from, to);
  if (pos >= 0) return c.out.integer(pos);
  // Without an explicit end the string counts as padded with clear bits: the first is just past it.
  c.out.integer(bit === 0 && argv.length < 5 ? to : -1);
}

/** dst = dst <op> src, byte by byte over src's length; a word at a time where both allow it. */
function combine(op: string, dst: Uint8Array, src: Uint8Array): void {
  const n = src.length;
  let i = 0;
  const d = wordsOf(dst.subarray(0, n));
  const s = d && wordsOf(src);
  if (d !== null && s !== null) {
    if (op === 'and') for (; i < d.length; i++) d[i] &= s[i];
    else if (op === 'or') for (; i < d.length; i++) d[i] |= s[i];
    else for (; i < d.length; i++) d[i] ^= s[i];
    i *= 4;
  }
  if (op === 'and') for (; i < n; i++) dst[i] &= src[i];
  else if (op === 'or') for (; i < n; i++) dst[i] |= src[i];
  else for (; i < n; i++) dst[i] ^= src[i];
}

// BITOP <AND | OR | XOR | NOT> destkey key [key ...]
function bitop(c: Client, argv: string[]): void {
  const op = option(argv[1]);
  if (op !== 'and' && op !== 'or' && op !== 'xor' && op !== 'not') return c.out.error(E.ERR_SYNTAX);
  if (op === 'not' && argv.length !== 4) return c.out.error(E.ERR_BITOP_NOT);
  const sources: Bytes[] = [];
  let size = 0;
  for (let i = 3; i < argv.length; i++) {
    const v = lookupRead(c, argv[i]);
    if (v === null) return;
    // A missing key is an empty string: zeros, as far as the longest source reaches.
    sources.push(v ?? '');
    if (v !== undefined && v.length > size) size = v.length;
  }
  if (size === 0) {
    if (c.db.delete(argv[2])) notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', argv[2], c.db.id);
    return c.out.integer(0);
  }
  // Redis stores the result as a new "raw" string, dropping the destination's TTL.
  const result = new RawString('', size);
  result.ensure(size);
  const out = result.buf;
  const first = sources[0];
  if (typeof first === 'string') out.latin1Write(first, 0, first.length);
  else first.buf.copy(out, 0, 0, first.length);
  if (op === 'not') {
    const words = wordsOf(out.subarray(0, size));
    let j = 0;
    if (words !== null) for (; j < words.length; j++) words[j] = ~words[j];
    for (j *= 4; j < size; j++) out[j] = ~out[j];
  }
  for (let i = 1; i < sources.length; i++) {
    const src = sources[i];
    for (let at = 0; at < src.length; at += PIECE) {
      const end = Math.min(src.length, at + PIECE);
      combine(op, out.subarray(at, end), piece(src, at, end));
    }
    // Past the end of a source its bytes are zeros: AND clears the rest, OR and XOR keep it.
    if (op === 'and') out.fill(0, src.length, size);
  }
  c.db.set(argv[2], result);
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'set', argv[2], c.db.id);
  c.out.integer(size);
}

type Overflow = 'wrap' | 'sat' | 'fail';

const FIELD_GET = 0;
const FIELD_SET = 1;
const FIELD_INCRBY = 2;

/** One GET, SET or INCRBY of BITFIELD, parsed. */
interface FieldOp {
  kind: typeof FIELD_GET | typeof FIELD_SET | typeof FIELD_INCRBY;
  signed: boolean;
  bits: number;
  offset: number;
  /** The SET value or the INCRBY increment. */
  value: number;
  /** The same, exactly, when it is too large for the number arithmetic of small fields. */
  big: bigint | null;
  /** The OVERFLOW in force where this operation appears. */
  overflow: Overflow;
}

/** A field type, i1..i64 or u1..u63; null when it is not one. */
function parseFieldType(arg: string): { signed: boolean; bits: number } | null {
  const sign = arg.charCodeAt(0);
  if (sign !== 0x69 /* i */ && sign !== 0x75 /* u */) return null;
  // Redis reads the width up to a NUL byte (strlen), so "i8\0x" is i8.
  const nul = arg.indexOf('\0');
  const bits = parseInt64(arg.slice(1, nul < 0 ? arg.length : nul));
  const signed = sign === 0x69;
  if (bits === null || bits < 1 || bits > (signed ? 64 : 63)) return null;
  return { signed, bits };
}

// Fields of up to 32 bits span at most 5 bytes, and with operands below 2^52 every intermediate
// value stays an exact double: such fields are read, changed and written with plain numbers. Wider
// fields and larger operands take the same steps in BigInt.

/** Operands of at most this size take the number path. */
const SMALL_OPERAND = 2 ** 52;

/** The field at bit `offset`, `bits` (<= 32) wide, of `v`; past the end (or no key) it is 0. */
function getSmallField(v: Bytes | undefined, offset: number, bits: number, signed: boolean): number {
  const first = Math.floor(offset / 8);
  const span = (offset & 7) + bits;
  const bytes = Math.ceil(span / 8);
  let acc = 0;
  for (let i = 0; i < bytes; i++) acc = acc * 256 + byteAt(v, first + i);
  const range = 2 ** bits;
  const u = Math.floor(acc / 2 ** (bytes * 8 - span)) % range;
  return signed && u >= range / 2 ? u - range : u;
}

/** Store `value`, which fits the field, at bit `offset` of `buf` (`bits` <= 32 wide). */
function setSmallField(buf: Buffer, offset: number, bits: number, value: number): void {
  const first = Math.floor(offset / 8);
  const span = (offset & 7) + bits;
  const bytes = Math.ceil(span / 8);
  const below = 2 ** (bytes * 8 - span);
  const range = 2 ** bits;
  let acc = 0;
  for (let i = 0; i < bytes; i++) acc = acc * 256 + buf[first + i];
  const high = Math.floor(acc / (below * range));
  acc = (high * range + (value < 0 ? value + range : value)) * below + (acc % below);
  for (let i = bytes - 1; i >= 0; i--) {
    buf[first + i] = acc % 256;
    acc = Math.floor(acc / 256);
  }
}

/** fitField for a small field and operands below SMALL_OPERAND, where none of its wraparounds arise. */
function fitSmallField(value: number, incr: number, op: FieldOp): number | null {
  const range = 2 ** op.bits;
  const min = op.signed ? -range / 2 : 0;
  const max = (op.signed ? range / 2 : range) - 1;
  const sum = value + incr;
  if (sum >= min && sum <= max) return sum;
  if (op.overflow === 'fail') return null;
  // An unsigned SET of a negative value is, as a 64-bit pattern, a huge one: it overflows upwards.
  if (op.overflow === 'sat') return sum > max || (!op.signed && op.kind === FIELD_SET) ? max : min;
  const wrapped = ((sum % range) + range) % range;
  return op.signed && wrapped > max ? wrapped - range : wrapped;
}

/** The field at bit `offset`, `bits` wide, of `v`; bits past the end (or of a missing key) are 0. */
function getField(v: Bytes | undefined, offset: number, bits: number, signed: boolean): bigint {
  const first = Math.floor(offset / 8);
  const span = (offset & 7) + bits;
  const bytes = Math.ceil(span / 8);
  let acc = 0n;
  for (let i = 0; i < bytes; i++) acc = (acc << 8n) | BigInt(byteAt(v, first + i));
  acc >>= BigInt(bytes * 8 - span);
  return signed ? BigInt.asIntN(bits, acc) : BigInt.asUintN(bits, acc);
}

/** Store `value` (its low `bits` bits, two's complement) at bit `offset` of `buf`. */
function setField(buf: Buffer, offset: number, bits: number, value: bigint): void {
  const first = Math.floor(offset / 8);
  const span = (offset & 7) + bits;
  const bytes = Math.ceil(span / 8);
  const shift = BigInt(bytes * 8 - span);
  let acc = 0n;
  for (let i = 0; i < bytes; i++) acc = (acc << 8n) | BigInt(buf[first + i]);
  const mask = ((1n << BigInt(bits)) - 1n) << shift;
  acc = (acc & ~mask) | (BigInt.asUintN(bits, value) << shift);
  for (let i = bytes - 1; i >= 0; i--) {
    buf[first + i] = Number(acc & 0xffn);
    acc >>= 8n;
  }
}

/**
 * What to store for `value + incr` in the field of `op`, given OVERFLOW; null when it fails. A SET
 * is `value` (the argument) plus 0; an INCRBY is the old value plus the increment.
 */
function fitField(value: bigint, incr: bigint, op: FieldOp): bigint | null {
  const bits = BigInt(op.bits);
  const sum = value + incr;
  let max: bigint;
  let min: bigint;
  let direction: number;
  if (op.signed) {
    max = (1n << (bits - 1n)) - 1n;
    min = -max - 1n;
    // Redis's checks, with their limits computed in 64 bits where they can wrap around: a SET of
    // -2^63 into an i1 or i2 field therefore counts as an overflow upwards, and SAT stores the max.
    const maxIncr = BigInt.asIntN(64, max - value);
    const minIncr = BigInt.asIntN(64, min - value);
    const narrow = op.bits !== 64;
    if (value > max || (narrow && incr > maxIncr) || (value >= 0n && incr > 0n && incr > maxIncr))
      direction = 1;
    else if (value < min || (narrow && incr < minIncr) || (value < 0n && incr < 0n && incr < minIncr))
      direction = -1;
    else return sum;
  } else {
    max = (1n << bits) - 1n;
    min = 0n;
    if (sum >= min && sum <= max) return sum;
    direction = sum > max ? 1 : -1;
  }
  if (op.overflow === 'fail') return null;
  if (op.overflow === 'sat') return direction > 0 ? max : min;
  return op.signed ? BigInt.asIntN(op.bits, sum) : BigInt.asUintN(op.bits, sum);
}

// BITFIELD key [GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>] <SET encoding offset value |
//   INCRBY encoding offset increment> [GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>] <SET
//   encoding offset value | INCRBY encoding offset increment> ...]]
function bitfield(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, false);
}

// BITFIELD_RO key [GET encoding offset [GET encoding offset ...]]
function bitfieldRo(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, true);
}

function bitfieldGeneric(c: Client, argv: string[], readonlyCommand: boolean): void {
  const ops: FieldOp[] = [];
  let overflow: Overflow = 'wrap';
  let writes = false;
  let highestBit = 0;
  for (let j = 2; j < argv.length; j++) {
    const sub = option(argv[j]);
    const left = argv.length - j - 1;
    let kind: FieldOp['kind'];
    if (sub === 'get' && left >= 2) kind = FIELD_GET;
    else if (sub === 'set' && left >= 3) kind = FIELD_SET;
    else if (sub === 'incrby' && left >= 3) kind = FIELD_INCRBY;
    else if (sub === 'overflow' && left >= 1) {
      const type = option(argv[++j]);
      if (type !== 'wrap' && type !== 'sat' && type !== 'fail') return c.out.error(E.ERR_BITFIELD_OVERFLOW);
      overflow = type;
      continue;
    } else {
      return c.out.error(E.ERR_SYNTAX);
    }
    const type = parseFieldType(argv[j + 1]);
    if (type === null) return c.out.error(E.ERR_BITFIELD_TYPE);
    const offset = parseBitOffset(c, argv[j + 2], type.bits);
    if (offset === null) return;
    let value = 0;
    let big: bigint | null = null;
    if (kind !== FIELD_GET) {
      writes = true;
      highestBit = Math.max(highestBit, offset + type.bits - 1);
      const n = parseInt64(argv[j + 3]);
      if (n === null) return c.out.error(E.ERR_NOT_INTEGER);
      value = n;
      if (Math.abs(n) > SMALL_OPERAND) big = parseInt64Big(argv[j + 3]);
    }
    ops.push({ kind, signed: type.signed, bits: type.bits, offset, value, big, overflow });
    j += kind === FIELD_GET ? 2 : 3;
  }

  let v: Bytes | undefined;
  let raw: RawString | null = null;
  let grew = false;
  if (!writes) {
    const found = lookupRead(c, argv[1]);
    if (found === null) return;
    v = found;
  } else {
    if (readonlyCommand) return c.out.error(E.ERR_BITFIELD_RO);
    raw = lookupWrite(c, argv[1]);
    if (raw === null) return;
    const size = raw.length;
    raw.ensure(Math.floor(highestBit / 8) + 1);
    grew = raw.length !== size;
    v = raw;
  }

  c.out.array(ops.length);
  let changed = false;
  for (const op of ops) {
    if (op.bits <= 32 && op.big === null) {
      const old = getSmallField(v, op.offset, op.bits, op.signed);
      if (op.kind === FIELD_GET || raw === null) {
        c.out.integer(old);
        continue;
      }
      const stored =
        op.kind === FIELD_INCRBY ? fitSmallField(old, op.value, op) : fitSmallField(op.value, 0, op);
      if (stored === null) {
        c.out.nullBulk();
        continue;
      }
      c.out.integer(op.kind === FIELD_SET ? old : stored);
      setSmallField(raw.buf, op.offset, op.bits, stored);
      if (grew || stored !== old) changed = true;
      continue;
    }
    const old = getField(v, op.offset, op.bits, op.signed);
    if (op.kind === FIELD_GET || raw === null) {
      c.out.integer(old);
      continue;
    }
    const operand = op.big ?? BigInt(op.value);
    // Redis takes the SET value as its 64-bit pattern for an unsigned field: -1 is 2^64-1, too big.
    const stored =
      op.kind === FIELD_INCRBY
        ? fitField(old, operand, op)
        : fitField(op.signed ? operand : BigInt.asUintN(64, operand), 0n, op);
    if (stored === null) {
      c.out.nullBulk();
      continue;
    }
    c.out.integer(op.kind === FIELD_SET ? old : stored);
    setField(raw.buf, op.offset, op.bits, stored);
    if (grew || stored !== old) changed = true;
  }
  if (changed) {
    c.db.set(argv[1], raw as RawString, true);
    notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'setbit', argv[1], c.db.id);
  }
}

export const commands: CommandSpec[] = [
  keyCommand({
    name: 'setbit',
    arity: 4,
    flags: ['write', 'denyoom'],
    group: 'bitmap',
    summary: 'Sets or clears the bit at offset in the string value stored at key',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: setbit,
  }),
  keyCommand({
    name: 'getbit',
    arity: 3,
    flags: ['readonly', 'fast'],
    group: 'bitmap',
    summary: 'Returns the bit value at offset in the string value stored at key',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: getbit,
  }),
  keyCommand({
    name: 'bitcount',
    arity: -2,
    flags: ['readonly'],
    group: 'bitmap',
    summary: 'Count set bits in a string',
    since: '2.6.0',
    complexity: 'O(N)',
    handler: bitcount,
  }),
  keyCommand({
    name: 'bitpos',
    arity: -3,
    flags: ['readonly'],
    group: 'bitmap',
    summary: 'Find first bit set or clear in a string',
    since: '2.8.7',
    complexity: 'O(N)',
    handler: bitpos,
  }),
  command({
    name: 'bitop',
    arity: -4,
    flags: ['write', 'denyoom'],
    firstKey: 2,
    lastKey: -1,
    step: 1,
    group: 'bitmap',
    summary: 'Perform bitwise operations between strings',
    since: '2.6.0',
    complexity: 'O(N)',
    handler: bitop,
  }),
  keyCommand({
    name: 'bitfield',
    arity: -2,
    flags: ['write', 'denyoom'],
    group: 'bitmap',
    summary: 'Perform arbitrary bitfield integer operations on strings',
    since: '3.2.0',
    complexity: 'O(1) for each subcommand specified',
    handler: bitfield,
  }),
  keyCommand({
    name: 'bitfield_ro',
    arity: -2,
    flags: ['readonly', 'fast'],
    group: 'bitmap',
    summary: 'Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD',
    since: '6.0.0',
    complexity: 'O(1) for each subcommand specified',
    handler: bitfieldRo,
  }),
];
